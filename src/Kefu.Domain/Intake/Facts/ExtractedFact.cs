namespace Kefu.Domain.Intake.Facts;

/// <summary>What a piece of a customer's message tells an agent.</summary>
public enum FactKind
{
    OrderNumber,

    /// <summary>A parcel's waybill (顺丰单号 SF...), which finds an order only through the carrier.</summary>
    TrackingNumber,

    /// <summary>A payment's reference (交易号, 流水号), the way to find a payment that produced no order.</summary>
    TransactionNumber,

    /// <summary>A task on a part-time-job platform (任务号), what settlements and reviews are keyed by.</summary>
    TaskNumber,

    /// <summary>A job posting (职位编号, 岗位ID), what a fraud report or a posting question is about.</summary>
    JobPostingNumber,

    /// <summary>A support ticket the customer refers to; Kefu's own numbers are digits, other systems' may not be.</summary>
    TicketNumber,
    Amount,

    /// <summary>A calendar day, or a moment when the customer also gave the time of day (see <see cref="DatePrecision"/>).</summary>
    Date,
    Phone,
    Email,
}

public enum DatePrecision
{
    /// <summary>Only the calendar day is known (昨天, 6月10日, last Friday).</summary>
    Day,

    /// <summary>The day and the time of day are known (昨天下午3点, 2026-06-10 15:30).</summary>
    Time,
}

/// <summary>
/// One fact found in a message. <see cref="Start"/> and <see cref="Length"/> point into the text as given, so a UI can
/// highlight the customer's own words; <see cref="Value"/> is the normalised form (digits without separators,
/// amounts as invariant decimals, dates as ISO 8601).
/// </summary>
public sealed record ExtractedFact(FactKind Kind, string Value, int Start, int Length)
{
    /// <summary>For <see cref="FactKind.Amount"/>: the amount in <see cref="Currency"/>.</summary>
    public decimal? Amount { get; init; }

    /// <summary>For <see cref="FactKind.Amount"/>: ISO 4217 code; 元/块/¥/RMB are CNY.</summary>
    public string? Currency { get; init; }

    /// <summary>For <see cref="FactKind.Date"/>: the calendar day in the workspace's time zone.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>For <see cref="FactKind.Date"/> with <see cref="DatePrecision.Time"/>: the moment, in UTC.</summary>
    public DateTimeOffset? Instant { get; init; }

    public DatePrecision? Precision { get; init; }

    public int End => Start + Length;
}
