using System.Collections.Concurrent;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Chat;

/// <summary>
/// /hubs/chat: live chat for the widget, apps and the agent workbench. Customers (a widget session's token as
/// <c>access_token</c>) hear about their own tickets; agents (cookie or bearer) hear about the tickets they may see
/// and get full messages of the tickets they watch. Pushes come from <see cref="TicketEvents"/> after commits;
/// the methods here answer only once their write is durable.
/// </summary>
[Authorize(Policy = ChatHub.Policy)]
public sealed class ChatHub(
    IDbContextFactory<KefuDbContext> contextFactory, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time) : Hub<IChatClient>
{
    public const string Path = "/hubs/chat";
    public const string Policy = "chat";

    private const string TicketsKey = "tickets";

    public override async Task OnConnectedAsync()
    {
        var caller = Caller.From(Context.User!);
        if (caller.IsCustomer)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.Customer(caller.CustomerId!.Value));
        }
        else if (caller.MerchantId is { } merchant)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.MerchantAgents(caller.WorkspaceId, merchant));
        }
        else
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.WorkspaceAgents(caller.WorkspaceId));
        }

        await base.OnConnectedAsync();
    }

    /// <summary>The customer sends a message; returns the stored message (the first copy when the client message id was seen before).</summary>
    public async Task<MessageView> SendMessage(long ticketNumber, string clientMessageId, string body, IReadOnlyList<Guid>? attachmentIds)
    {
        var outcome = await CustomerChat.SendAsync(writer, catalogs, time, Caller.From(Context.User!), ticketNumber, clientMessageId, body, attachmentIds, Context.ConnectionAborted);
        return (MessageView)Succeeded(outcome);
    }

    /// <summary>The messages after the last one the client saw (all without one): what a reconnecting client asks for.</summary>
    public async Task<IReadOnlyList<MessageView>> MessagesAfter(long ticketNumber, Guid? afterMessageId, int limit)
    {
        await using var db = await contextFactory.CreateDbContextAsync(Context.ConnectionAborted);
        return await CustomerChat.MessagesAfterAsync(db, Caller.From(Context.User!), ticketNumber, afterMessageId, limit, Context.ConnectionAborted)
            ?? throw new HubException("No ticket with that number is visible to you.");
    }

    public async Task<ChatReadEvent> MarkRead(long ticketNumber, Guid messageId) =>
        (ChatReadEvent)Succeeded(await CustomerChat.MarkReadAsync(writer, time, Caller.From(Context.User!), ticketNumber, messageId, Context.ConnectionAborted));

    /// <summary>Tells the other side someone is typing; nothing is stored.</summary>
    public async Task Typing(long ticketNumber)
    {
        var caller = Caller.From(Context.User!);
        var ticket = await FindAsync(caller, ticketNumber);
        if (caller.IsCustomer)
        {
            await Clients.Group(ChatGroups.TicketAgents(ticket.Id)).Typing(new ChatTypingEvent(ticketNumber, "customer", null, null));
        }
        else
        {
            await Clients.OthersInGroup(ChatGroups.TicketAgents(ticket.Id)).Typing(new ChatTypingEvent(ticketNumber, "agent", caller.Name, caller.AgentNumber));
            await Clients.Group(ChatGroups.Customer(ticket.CustomerId)).Typing(new ChatTypingEvent(ticketNumber, "agent", caller.Name, caller.AgentNumber));
        }
    }

    /// <summary>An agent follows a ticket's full messages (internal notes included) and typing; returns the ticket's state.</summary>
    public async Task<ChatTicketState> WatchTicket(long ticketNumber)
    {
        var caller = Caller.From(Context.User!);
        if (!caller.IsAgent)
        {
            throw new HubException("Customers hear about their own tickets without watching.");
        }

        var ticket = await FindAsync(caller, ticketNumber);
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.TicketAgents(ticket.Id));
        return await StateAsync(caller, ticketNumber);
    }

    public async Task UnwatchTicket(long ticketNumber)
    {
        var caller = Caller.From(Context.User!);
        var ticket = await FindAsync(caller, ticketNumber);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ChatGroups.TicketAgents(ticket.Id));
    }

    /// <summary>The ticket's status, agent, queue place and promised reply time now.</summary>
    public Task<ChatTicketState> TicketState(long ticketNumber) => StateAsync(Caller.From(Context.User!), ticketNumber);

    private async Task<ChatTicketState> StateAsync(Caller caller, long ticketNumber)
    {
        await using var db = await contextFactory.CreateDbContextAsync(Context.ConnectionAborted);
        var ticket = await TicketAccess.Visible(db, caller, null).AsNoTracking().FirstOrDefaultAsync(t => t.Number == ticketNumber, Context.ConnectionAborted)
            ?? throw new HubException("No ticket with that number is visible to you.");
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, Context.ConnectionAborted);
        return await CustomerChat.StateAsync(db, ticket, catalog, time.GetUtcNow(), Context.ConnectionAborted);
    }

    private sealed record TicketKey(Guid Id, Guid CustomerId);

    /// <summary>The ticket if the caller may see it, remembered per connection so typing costs no query after the first.</summary>
    private async Task<TicketKey> FindAsync(Caller caller, long ticketNumber)
    {
        if (Context.Items[TicketsKey] is not ConcurrentDictionary<long, TicketKey> known)
        {
            known = new ConcurrentDictionary<long, TicketKey>();
            Context.Items[TicketsKey] = known;
        }

        if (known.TryGetValue(ticketNumber, out var key))
        {
            return key;
        }

        await using var db = await contextFactory.CreateDbContextAsync(Context.ConnectionAborted);
        key = await TicketAccess.Visible(db, caller, null).Where(t => t.Number == ticketNumber)
            .Select(t => new TicketKey(t.Id, t.CustomerId)).FirstOrDefaultAsync(Context.ConnectionAborted)
            ?? throw new HubException("No ticket with that number is visible to you.");
        return known.GetOrAdd(ticketNumber, key);
    }

    private static object Succeeded(TicketWrite outcome) => outcome.Status switch
    {
        StatusCodes.Status200OK => outcome.Value!,
        StatusCodes.Status404NotFound => throw new HubException("No ticket with that number is visible to you."),
        StatusCodes.Status400BadRequest => throw new HubException($"{outcome.Field} {outcome.Detail}"),
        _ => throw new HubException(outcome.Detail ?? "Rejected."),
    };
}
