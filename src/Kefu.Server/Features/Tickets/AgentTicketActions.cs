using System.Security.Claims;
using System.Text.Json;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Verification;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Tickets;

/// <summary>What an agent does to a ticket: assign, move its status, reply in public, write an internal note.</summary>
public static class AgentTicketActions
{
    public sealed record AssignRequest(string? AssigneeAgentNumber, Guid? TeamId);

    public sealed record StatusRequest(string? Status);

    public sealed record ReplyRequest(string? Body, IReadOnlyList<Guid>? AttachmentIds);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/{number:long}/assign", AssignAsync)
            .RequireAuthorization(KefuPolicies.Agent).WithName("AssignTicket").WithSummary("Assign a ticket to a team and/or agent")
            .Accepts<AssignRequest>("application/json").Produces<TicketSummaryView>().ProducesValidationProblem();
        group.MapPost("/{number:long}/status", ChangeStatusAsync)
            .RequireAuthorization(KefuPolicies.Agent).WithName("ChangeTicketStatus").WithSummary("Move a ticket along its lifecycle")
            .Accepts<StatusRequest>("application/json").Produces<TicketSummaryView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{number:long}/replies", ReplyAsync)
            .RequireAuthorization(KefuPolicies.Agent).WithName("ReplyToTicket").WithSummary("Reply to the customer; the reply carries the agent number")
            .Accepts<ReplyRequest>("application/json").Produces<MessageView>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapPost("/{number:long}/notes", NoteAsync)
            .RequireAuthorization(KefuPolicies.Agent).WithName("AddInternalNote").WithSummary("Add an internal note customers never see")
            .Accepts<ReplyRequest>("application/json").Produces<MessageView>(StatusCodes.Status201Created).ProducesValidationProblem();
    }

    private static async Task<IResult> AssignAsync(long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var sla = (await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)).Sla;
        var body = await JsonBody.ReadAsync<AssignRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            Guid? assigneeId = null;
            if (!string.IsNullOrWhiteSpace(request.AssigneeAgentNumber))
            {
                assigneeId = await db.Agents.Where(a => a.WorkspaceId == caller.WorkspaceId && a.AgentNumber == request.AssigneeAgentNumber && a.IsActive)
                    .Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
                if (assigneeId is null)
                {
                    return TicketWrite.Invalid("assigneeAgentNumber", "is not an active agent of this workspace");
                }
            }

            if (request.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId && t.WorkspaceId == caller.WorkspaceId, ct))
            {
                return TicketWrite.Invalid("teamId", "is not a team of this workspace");
            }

            if (ticket.Status == TicketStatus.Closed)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "A closed ticket cannot be reassigned.");
            }

            var now = time.GetUtcNow();
            var before = ticket.Status;
            ticket.AssignTo(request.TeamId ?? ticket.TeamId, assigneeId, now);
            MessageWriting.Audit(db, ticket, now, AuditKinds.Assigned, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: false,
                JsonSerializer.Serialize(new { assignee = request.AssigneeAgentNumber, teamId = ticket.TeamId }));
            MessageWriting.AuditStatusChange(db, ticket, before, now, AuthorKind.Agent, caller.AgentId, caller.AgentNumber);
            await TicketSla.OnStatusChangeAsync(db, ticket, before, sla, now, ct);
            return TicketWrite.Done(await TicketViews.SummaryAsync(db, ticket, ct));
        }, cancellationToken);
        return outcome.ToResult<TicketSummaryView>(TypedResults.Ok);
    }

    private static async Task<IResult> ChangeStatusAsync(long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var sla = (await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)).Sla;
        var body = await JsonBody.ReadAsync<StatusRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (!Enum.TryParse<TicketStatus>(body.Value!.Status, ignoreCase: true, out var target) || int.TryParse(body.Value.Status, out _))
        {
            return Problems.Validation(new() { ["status"] = ["must be one of: " + string.Join(", ", Enum.GetValues<TicketStatus>().Select(MessageWriting.Camel))] });
        }

        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            if (ticket.Status != target && !TicketLifecycle.CanMove(ticket.Status, target))
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict,
                    $"A {MessageWriting.Camel(ticket.Status)} ticket cannot become {MessageWriting.Camel(target)}.");
            }

            if (target == TicketStatus.Solved && ticket.Status != target && await SubTasks.OpenCountAsync(db, ticket.Id, ct) is > 0 and var open)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, $"{open} sub-task(s) are still open; finish them before solving.");
            }

            var now = time.GetUtcNow();
            var before = ticket.Status;
            ticket.MoveTo(target, now);
            MessageWriting.AuditStatusChange(db, ticket, before, now, AuthorKind.Agent, caller.AgentId, caller.AgentNumber);
            await TicketSla.OnStatusChangeAsync(db, ticket, before, sla, now, ct);
            return TicketWrite.Done(await TicketViews.SummaryAsync(db, ticket, ct));
        }, cancellationToken);
        return outcome.ToResult<TicketSummaryView>(TypedResults.Ok);
    }

    private static Task<IResult> ReplyAsync(long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken) =>
        WriteMessageAsync(number, httpRequest, user, writer, catalogs, time, MessageVisibility.Public, cancellationToken);

    private static Task<IResult> NoteAsync(long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken) =>
        WriteMessageAsync(number, httpRequest, user, writer, catalogs, time, MessageVisibility.Internal, cancellationToken);

    private static async Task<IResult> WriteMessageAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, MessageVisibility visibility, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var sla = (await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)).Sla;
        var body = await JsonBody.ReadAsync<ReplyRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var text = errors.Required("body", body.Value!.Body, Message.MaxBodyLength);
        var attachmentIds = body.Value.AttachmentIds ?? [];
        if (attachmentIds.Count > AddCustomerMessage.MaxAttachmentsPerMessage)
        {
            errors.Add("attachmentIds", $"at most {AddCustomerMessage.MaxAttachmentsPerMessage} attachments per message");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            if (ticket.Status == TicketStatus.Closed)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The ticket is closed.");
            }

            var now = time.GetUtcNow();
            var before = ticket.Status;
            var isReply = visibility == MessageVisibility.Public;
            var appended = await MessageWriting.AppendAsync(db, ticket, now, new MessageDraft(
                isReply ? MessageDirection.Outbound : MessageDirection.Inbound, visibility, AuthorKind.Agent,
                caller.AgentId, caller.AgentNumber, text!, null, attachmentIds, isReply ? MessageCodes.New() : null), ct);
            if (appended is null)
            {
                return TicketWrite.Invalid("attachmentIds", "must name attachments uploaded to this ticket and not yet sent");
            }

            if (isReply)
            {
                ticket.RecordAgentReply(now);
                await TicketSla.OnAgentReplyAsync(db, ticket, sla, now, caller.AgentId, caller.AgentNumber, ct);
            }

            MessageWriting.Audit(db, ticket, now, isReply ? AuditKinds.AgentReply : AuditKinds.InternalNote, AuthorKind.Agent,
                caller.AgentId, caller.AgentNumber, isPublic: isReply, MessageWriting.MessageData(appended.Message, ("agentNumber", caller.AgentNumber)));
            MessageWriting.AuditStatusChange(db, ticket, before, now, AuthorKind.Agent, caller.AgentId, caller.AgentNumber);
            if (!isReply)
            {
                await TicketSla.OnStatusChangeAsync(db, ticket, before, sla, now, ct);
                await Web.AgentNotices.MentionedAsync(db, ticket, caller, appended.Message, now, ct);
            }

            return TicketWrite.Done(await MessageWriting.ViewAsync(db, ticket.Number, appended.Message, appended.Attachments, ct));
        }, cancellationToken);
        return outcome.ToResult<MessageView>(view => TypedResults.Created($"{TicketViews.Url(number)}#message-{view.Id}", view));
    }
}
