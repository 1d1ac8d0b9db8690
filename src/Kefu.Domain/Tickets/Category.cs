namespace Kefu.Domain.Tickets;

/// <summary>A kind of problem the customer picks or the classifier predicts (退款, 账户安全 ...).</summary>
public sealed class Category
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }

    /// <summary>Stable key used by the API, e.g. "refund".</summary>
    public required string Code { get; init; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public Guid? DefaultTeamId { get; set; }
    public TicketPriority DefaultPriority { get; set; } = TicketPriority.Normal;
    public bool IsActive { get; set; } = true;
}
