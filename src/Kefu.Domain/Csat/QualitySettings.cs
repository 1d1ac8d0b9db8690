using Kefu.Domain.Tickets;

namespace Kefu.Domain.Csat;

/// <summary>A workspace's settings for the quality loop; a workspace without a row uses the defaults.</summary>
public sealed class QualitySettings
{
    public static readonly TimeSpan DefaultReopenWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan DefaultCsatLinkDelay = TimeSpan.FromHours(24);
    public const double DefaultHandleMinutes = 10;

    public Guid WorkspaceId { get; init; }

    /// <summary>How long after a solve a customer's reply reopens the ticket; later replies open a new, linked ticket.</summary>
    public TimeSpan ReopenWindow { get; set; } = DefaultReopenWindow;

    /// <summary>How long after a solve the survey link goes out by email or webhook.</summary>
    public TimeSpan CsatLinkDelay { get; set; } = DefaultCsatLinkDelay;

    /// <summary>The handle time staffing advice assumes per ticket, until handle times are measured.</summary>
    public double AverageHandleMinutes { get; set; } = DefaultHandleMinutes;

    public IReadOnlyList<FollowUpRule> FollowUpRules { get; set; } = [];

    public static QualitySettings Defaults(Guid workspaceId) => new() { WorkspaceId = workspaceId };
}

public enum CustomerReplyTarget
{
    /// <summary>The ticket is being worked or waits on the customer: the message joins it.</summary>
    SameTicket,

    /// <summary>Solved within the reopen window: the ticket reopens.</summary>
    Reopen,

    /// <summary>Closed, or solved longer ago than the window: a new ticket opens, linked to this one.</summary>
    FollowOnTicket,
}

public static class ReopenWindow
{
    public static CustomerReplyTarget Decide(TicketStatus status, DateTimeOffset? solvedAt, DateTimeOffset now, TimeSpan window) => status switch
    {
        TicketStatus.Closed => CustomerReplyTarget.FollowOnTicket,
        TicketStatus.Solved when solvedAt is { } solved && now - solved > window => CustomerReplyTarget.FollowOnTicket,
        TicketStatus.Solved => CustomerReplyTarget.Reopen,
        _ => CustomerReplyTarget.SameTicket,
    };
}
