using Kefu.Domain.Tickets;

namespace Kefu.Domain.Tests.Tickets;

internal static class TicketFixture
{
    public const long Number = 10001;
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Start);

    public static Ticket New(FakeTimeProvider time) =>
        Ticket.Open(
            new NewTicket(
                WorkspaceId: Guid.Parse("0193a1b2-0000-7000-8000-000000000001"),
                CustomerId: Guid.Parse("0193a1b2-0000-7000-8000-000000000002"),
                Subject: "退款一直没有到账",
                Description: "申请退款已经一周了",
                CategoryId: null,
                Priority: TicketPriority.Normal,
                MerchantId: null,
                TeamId: null,
                Channel: Channel.Api,
                OrderNumber: "FS20261118-0032",
                OccurredAt: null,
                DesiredOutcome: null),
            Number,
            Guid.Parse("0193a1b2-0000-7000-8000-000000000003"),
            time.GetUtcNow());

    /// <summary>A ticket brought into <paramref name="status"/> along a legal path, one minute per step.</summary>
    public static Ticket In(TicketStatus status, FakeTimeProvider time)
    {
        var ticket = New(time);
        TicketStatus[] path = status switch
        {
            TicketStatus.New => [],
            TicketStatus.Solved => [TicketStatus.Open, TicketStatus.Solved],
            TicketStatus.Closed => [TicketStatus.Open, TicketStatus.Solved, TicketStatus.Closed],
            _ => [status],
        };
        foreach (var step in path)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            ticket.MoveTo(step, time.GetUtcNow());
        }

        ticket.Status.ShouldBe(status);
        return ticket;
    }

    public static TicketState Snapshot(Ticket ticket) => new(
        ticket.Status, ticket.UpdatedAt, ticket.Version, ticket.SolvedAt, ticket.ClosedAt, ticket.FirstRespondedAt, ticket.TeamId, ticket.AssigneeId);

    public sealed record TicketState(
        TicketStatus Status,
        DateTimeOffset UpdatedAt,
        int Version,
        DateTimeOffset? SolvedAt,
        DateTimeOffset? ClosedAt,
        DateTimeOffset? FirstRespondedAt,
        Guid? TeamId,
        Guid? AssigneeId);
}
