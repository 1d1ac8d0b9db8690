using System.Security.Claims;
using Kefu.Domain.Intake;
using Kefu.Domain.Macros;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Macros;

/// <summary>Canned replies: admins keep the list, agents pick one filled in for the ticket at hand.</summary>
public static class MacroEndpoints
{
    public const int MaxMacrosPerWorkspace = 500;

    public sealed record MacroBody(string? Title, string? Body);

    public sealed record MacroView(Guid Id, string Title, string Body, DateTimeOffset UpdatedAt);

    public static IEndpointRouteBuilder MapKefuMacros(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/macros", ListForAgentAsync).RequireAuthorization(KefuPolicies.Agent).WithTags("Macros").WithName("ListMacros")
            .WithSummary("Macros for agents; with ?ticket= the placeholders ({{customer.name}}, {{agent.number}} ...) are filled in for that ticket")
            .Produces<List<MacroView>>();
        var admin = routes.MapGroup("/api/v1/admin/macros").WithTags("Admin: macros").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/", ListAsync).WithName("AdminListMacros").WithSummary("Macros as written, placeholders unfilled").Produces<List<MacroView>>();
        admin.MapPost("/", CreateAsync).WithName("CreateMacro").WithSummary("Add a macro")
            .Accepts<MacroBody>("application/json").Produces<MacroView>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateMacro").WithSummary("Change a macro")
            .Accepts<MacroBody>("application/json").Produces<MacroView>().ProducesValidationProblem();
        admin.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteMacro").WithSummary("Remove a macro");
        return routes;
    }

    private static async Task<IResult> ListForAgentAsync(long? ticket, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var macros = await db.Macros.AsNoTracking().Where(m => m.WorkspaceId == caller.WorkspaceId).OrderBy(m => m.Title).ToListAsync(cancellationToken);
        if (ticket is null)
        {
            return TypedResults.Ok(macros.Select(ToView).ToList());
        }

        var placeholders = await PlaceholdersAsync(db, caller, ticket.Value, cancellationToken);
        if (placeholders is null)
        {
            return Problems.NotFound("ticket");
        }

        return TypedResults.Ok(macros.Select(m => ToView(m) with { Body = MacroTemplate.Render(m.Body, placeholders) }).ToList());
    }

    /// <summary>The values a macro's placeholders take for one ticket the caller can see; null when it cannot.</summary>
    public static async Task<Dictionary<string, string?>?> PlaceholdersAsync(KefuDbContext db, Caller caller, long ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var values = await (from t in TicketAccess.Visible(db, caller, null)
                            join c in db.Customers on t.CustomerId equals c.Id
                            where t.Number == ticket
                            select new { t.Number, t.Subject, t.OrderNumber, c.Name, c.ExternalId }).FirstOrDefaultAsync(cancellationToken);
        return values is null ? null : new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["customer.name"] = values.Name,
            ["customer.id"] = values.ExternalId,
            ["agent.name"] = caller.Name,
            ["agent.number"] = caller.AgentNumber,
            ["ticket.number"] = values.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ticket.subject"] = values.Subject,
            ["ticket.order"] = values.OrderNumber,
        };
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var macros = await db.Macros.AsNoTracking().Where(m => m.WorkspaceId == caller.WorkspaceId).OrderBy(m => m.Title).ToListAsync(cancellationToken);
        return TypedResults.Ok(macros.Select(ToView).ToList());
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var (value, problem) = await ReadAsync(request, db, caller.WorkspaceId, null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = time.GetUtcNow();
        var macro = new Macro { Id = Guid.CreateVersion7(now), WorkspaceId = caller.WorkspaceId, Title = value.Title, Body = value.Body, CreatedAt = now, UpdatedAt = now };
        db.Macros.Add(macro);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/admin/macros/{macro.Id}", ToView(macro));
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);

        // The body is read (and size-checked) before anything is looked up, so an oversize body is refused as such.
        var (value, problem) = await ReadAsync(request, db, caller.WorkspaceId, id, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var macro = await db.Macros.FirstOrDefaultAsync(m => m.Id == id && m.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (macro is null)
        {
            return Problems.NotFound("macro");
        }

        macro.Title = value.Title;
        macro.Body = value.Body;
        macro.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToView(macro));
    }

    private static async Task<IResult> DeleteAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var deleted = await db.Macros.Where(m => m.Id == id && m.WorkspaceId == caller.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Problems.NotFound("macro") : TypedResults.NoContent();
    }

    private static async Task<((string Title, string Body) Value, IResult? Problem)> ReadAsync(
        HttpRequest request, KefuDbContext db, Guid workspaceId, Guid? editing, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<MacroBody>(request);
        if (body.Problem is not null)
        {
            return (default, body.Problem);
        }

        var errors = new FieldErrors();
        var title = errors.Required("title", body.Value!.Title, Macro.MaxTitleLength);
        var text = errors.Required("body", body.Value.Body, Macro.MaxBodyLength);
        if (text is not null && MacroTemplate.UnknownPlaceholders(text) is { Count: > 0 } unknown)
        {
            errors.Add("body", $"unknown placeholders: {string.Join(", ", unknown)}; known: {string.Join(", ", MacroTemplate.KnownPlaceholders)}");
        }

        if (title is not null && await db.Macros.AnyAsync(m => m.WorkspaceId == workspaceId && m.Title == title && m.Id != editing, cancellationToken))
        {
            errors.Add("title", "another macro has this title");
        }

        if (editing is null && await db.Macros.CountAsync(m => m.WorkspaceId == workspaceId, cancellationToken) >= MaxMacrosPerWorkspace)
        {
            errors.Add("title", $"a workspace may keep at most {MaxMacrosPerWorkspace} macros");
        }

        return errors.Any ? (default, Problems.Validation(errors.ToDictionary())) : ((title!, text!), null);
    }

    private static MacroView ToView(Macro m) => new(m.Id, m.Title, m.Body, m.UpdatedAt);
}
