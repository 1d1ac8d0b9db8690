using Kefu.Domain.Tickets;
using Kefu.Server.Features.Routing;
using Kefu.Server.Features.Tickets;

namespace Kefu.Server.Features.Chat;

/// <summary>A message pushed live; <see cref="ClientMessageId"/> is the sender's own id when the widget sent it.</summary>
public sealed record ChatMessageEvent(long TicketNumber, MessageView Message, string? ClientMessageId);

/// <summary>Someone is typing on a ticket: "customer", or "agent" with the agent's name and 工号.</summary>
public sealed record ChatTypingEvent(long TicketNumber, string Who, string? DisplayName, string? AgentNumber);

/// <summary>A reader ("customer" or "agent") has read the ticket's thread up to a message.</summary>
public sealed record ChatReadEvent(long TicketNumber, string Reader, Guid MessageId, DateTimeOffset ReadAt);

/// <summary>
/// What the customer sees of a ticket's handling: its status, who has it (name and 工号), its place in the queue
/// and the expected wait while it waits, and by when a reply is promised.
/// </summary>
public sealed record ChatTicketState(
    long TicketNumber, string Subject, TicketStatus Status, AgentRefView? Agent, RoutingEndpoints.QueueView Queue, DateTimeOffset? PromisedBy);

/// <summary>A short note to every agent who may see a ticket that something happened on it (the workbench refreshes its lists).</summary>
public sealed record ChatActivityEvent(long TicketNumber, string Kind, TicketStatus Status);

/// <summary>A waiting ticket's place in its team's queue and expected wait changed (pushed to its customer).</summary>
public sealed record ChatQueueEvent(long TicketNumber, RoutingEndpoints.QueueView Queue);

/// <summary>One team's waiting work as agents see it.</summary>
public sealed record TeamQueueCount(Guid TeamId, string Name, int Waiting, int Urgent, DateTimeOffset? OldestSince);

/// <summary>The waiting counts of the teams an agent may see changed (pushed to agents).</summary>
public sealed record ChatQueueCountsEvent(IReadOnlyList<TeamQueueCount> Teams);

/// <summary>What the hub pushes; method names are the event names clients listen to.</summary>
public interface IChatClient
{
    Task Message(ChatMessageEvent message);

    Task Typing(ChatTypingEvent typing);

    Task Read(ChatReadEvent read);

    Task TicketState(ChatTicketState state);

    Task TicketActivity(ChatActivityEvent activity);

    Task Queue(ChatQueueEvent queue);

    Task QueueCounts(ChatQueueCountsEvent counts);
}

/// <summary>
/// SignalR group names. A customer's connections share one group, so a ticket's events reach its customer
/// without joining per ticket; agents get full messages of the tickets they watch and activity notes of
/// every ticket they may see (the same rule as TicketAccess.Visible).
/// </summary>
public static class ChatGroups
{
    public static string Customer(Guid customerId) => $"customer:{customerId:N}";

    public static string TicketAgents(Guid ticketId) => $"ticket:{ticketId:N}:agents";

    public static string WorkspaceAgents(Guid workspaceId) => $"agents:{workspaceId:N}";

    public static string MerchantAgents(Guid workspaceId, Guid merchantId) => $"agents:{workspaceId:N}:merchant:{merchantId:N}";
}
