using Kefu.Domain.Sla;

namespace Kefu.Domain.Tests.Sla;

/// <summary>Stored ticket clocks for the tests, all on one ticket of one workspace.</summary>
internal static class TicketClocks
{
    public static readonly Guid WorkspaceId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000c1");
    public static readonly Guid TicketId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000c2");

    public static TicketClock Start(
        BusinessCalendar calendar, DateTimeOffset at, TimeSpan target, SlaMetric metric = SlaMetric.Resolution, int warnAtPercent = 80) =>
        TicketClock.Start(Guid.NewGuid(), WorkspaceId, TicketId, metric, target, warnAtPercent, "test-calendar", calendar, at);

    public static TicketClock Promise(DateTimeOffset at, DateTimeOffset dueAt, int warnAtPercent = 80) =>
        TicketClock.StartPromise(Guid.NewGuid(), WorkspaceId, TicketId, dueAt, warnAtPercent, at);
}
