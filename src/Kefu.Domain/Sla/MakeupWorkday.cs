namespace Kefu.Domain.Sla;

/// <summary>
/// A day that is normally off but worked (调休, for example a Saturday before a long holiday).
/// Without periods of its own it keeps the calendar's standard working day.
/// </summary>
public sealed record MakeupWorkday(DateOnly Date, IReadOnlyList<WorkingPeriod>? Periods = null);
