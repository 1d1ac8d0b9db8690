using System.Security.Claims;
using System.Text.Json;
using Kefu.Domain.Classification;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Classification;

public static class ClassificationKinds
{
    public const string Classified = "ticket.classified";
    public const string Recategorised = "ticket.recategorised";
}

/// <summary>Teaching the classifier (admin examples, agents' corrections) and seeing which model serves.</summary>
public static class ClassifierEndpoints
{
    public const int MaxExamplesPerCall = 1000;

    public sealed record ExampleBody(string? Text, string? Label);

    public sealed record ExamplesBody(IReadOnlyList<ExampleBody>? Examples);

    public sealed record ClassifierStatus(int? Version, DateTimeOffset? TrainedAt, int Examples, IReadOnlyList<string> Labels, bool Stale);

    public sealed record RecategoriseRequest(string? Category);

    public static void Map(IEndpointRouteBuilder routes, RouteGroupBuilder tickets)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(tickets);
        var admin = routes.MapGroup("/api/v1/admin/classifier").WithTags("Admin: classifier").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/", StatusAsync).WithName("ClassifierStatus").WithSummary("The model in service, its examples and whether newer examples await training");
        admin.MapPost("/examples", AddExamplesAsync).WithName("AddClassifierExamples").WithSummary("Teach the classifier with labelled texts (labels are category codes)")
            .Accepts<ExamplesBody>("application/json").ProducesValidationProblem();
        admin.MapPost("/retrain", RetrainAsync).WithName("RetrainClassifier").WithSummary("Train a new model version now instead of waiting for the background retraining");

        tickets.MapPost("/{number:long}/category", RecategoriseAsync).RequireAuthorization(KefuPolicies.Agent).WithName("RecategoriseTicket")
            .WithSummary("Change a ticket's category; the correction teaches the classifier")
            .Accepts<RecategoriseRequest>("application/json").Produces<TicketSummaryView>().ProducesValidationProblem();
    }

    private static async Task<IResult> StatusAsync(ClaimsPrincipal user, KefuDbContext db, IntentModels models, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var served = await models.CurrentAsync(caller.WorkspaceId, cancellationToken);
        var examples = await db.TrainingExamples.CountAsync(e => e.WorkspaceId == caller.WorkspaceId, cancellationToken);
        return TypedResults.Ok(new ClassifierStatus(
            served?.Version, served?.TrainedAt, examples, served?.Classifier.Labels ?? [], await models.IsStaleAsync(caller.WorkspaceId, cancellationToken)));
    }

    private static async Task<IResult> AddExamplesAsync(
        HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<ExamplesBody>(request, maxBytes: 4 * 1024 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var examples = body.Value!.Examples ?? [];
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var errors = new FieldErrors();
        if (examples.Count is 0 or > MaxExamplesPerCall)
        {
            errors.Add("examples", $"give between 1 and {MaxExamplesPerCall} examples");
        }

        var now = time.GetUtcNow();
        var rows = new List<TrainingExample>(examples.Count);
        for (var i = 0; i < examples.Count && i < MaxExamplesPerCall; i++)
        {
            if (examples[i] is null)
            {
                errors.Add($"examples[{i}]", "must be an object with text and label");
                continue;
            }

            var text = errors.Required($"examples[{i}].text", examples[i].Text, TrainingExample.MaxTextLength);
            var label = examples[i].Label?.Trim();
            if (label is null || !catalog.CategoriesByCode.TryGetValue(label, out var category))
            {
                errors.Add($"examples[{i}].label", "must be a category code of this workspace");
                continue;
            }

            if (text is not null)
            {
                rows.Add(new TrainingExample { Id = Guid.CreateVersion7(now), WorkspaceId = caller.WorkspaceId, Text = text, Label = category.Code, Source = ExampleSource.Admin, CreatedAt = now });
            }
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        db.TrainingExamples.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created("/api/v1/admin/classifier", new { added = rows.Count });
    }

    private static async Task<IResult> RetrainAsync(ClaimsPrincipal user, IntentModels models, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var version = await models.RetrainAsync(caller.WorkspaceId, cancellationToken);
        return version is null
            ? Problems.Conflict($"Training needs at least {IntentModels.MinimumExamplesPerLabel} examples of each of at least two categories.")
            : TypedResults.Ok(new { version });
    }

    private static async Task<IResult> RecategoriseAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<RecategoriseRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        if (body.Value!.Category is not { } code || !catalog.IsActiveCategory(code))
        {
            return Problems.Validation(new() { ["category"] = ["must be an active category code of this workspace"] });
        }

        var category = catalog.CategoriesByCode[code];
        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            var now = time.GetUtcNow();
            if (ticket.CategoryId != category.Id)
            {
                var before = catalog.CategoryCode(ticket.CategoryId);
                ticket.CategoryId = category.Id;
                MessageWriting.Audit(db, ticket, now, ClassificationKinds.Recategorised, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: false,
                    JsonSerializer.Serialize(new { from = before, to = category.Code }));

                // The latest correction of a ticket is the one that counts.
                await db.TrainingExamples.Where(e => e.WorkspaceId == ticket.WorkspaceId && e.TicketId == ticket.Id).ExecuteDeleteAsync(ct);
                db.TrainingExamples.Add(new TrainingExample
                {
                    Id = Guid.CreateVersion7(now), WorkspaceId = ticket.WorkspaceId, TicketId = ticket.Id, Source = ExampleSource.Correction,
                    Text = Truncate(ticket.Subject + "\n" + ticket.Description), Label = category.Code, CreatedAt = now,
                });
            }

            return TicketWrite.Done(await TicketViews.SummaryAsync(db, ticket, ct));
        }, cancellationToken);
        return outcome.ToResult<TicketSummaryView>(TypedResults.Ok);
    }

    private static string Truncate(string text) => text.Length <= TrainingExample.MaxTextLength ? text : text[..TrainingExample.MaxTextLength];
}
