using System.Collections.Frozen;

namespace Kefu.Domain.Intake.Facts;

/// <summary>
/// One fact an agent needs before working a ticket. <see cref="AlsoAccepted"/> lists facts that serve the same purpose:
/// a transaction number finds a payment as well as an order number does.
/// </summary>
public sealed record RequiredFact(FactKind Kind, IReadOnlyList<FactKind> AlsoAccepted)
{
    public RequiredFact(FactKind kind)
        : this(kind, [])
    {
    }

    public bool IsMetBy(FactKind kind) => kind == Kind || AlsoAccepted.Contains(kind);

    /// <summary>Reads the configuration form: a kind name, optionally followed by accepted alternatives, "OrderNumber|TransactionNumber".</summary>
    public static RequiredFact Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kinds = text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(name => Enum.TryParse<FactKind>(name, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(name, out _)
                ? kind
                : throw new FormatException($"'{name}' is not a fact kind; use one of: {string.Join(", ", Enum.GetNames<FactKind>())}"))
            .ToList();
        return kinds.Count == 0
            ? throw new FormatException("A required fact needs at least one fact kind.")
            : new RequiredFact(kinds[0], kinds.Skip(1).ToList());
    }

    public override string ToString() => string.Join("|", AlsoAccepted.Prepend(Kind));

    public bool Equals(RequiredFact? other) => other is not null && Kind == other.Kind && AlsoAccepted.SequenceEqual(other.AlsoAccepted);

    public override int GetHashCode() => HashCode.Combine(Kind, AlsoAccepted.Count);
}

/// <summary>What the ticket's structured fields already say, so Kefu does not ask for an order number the intake form carried.</summary>
public sealed record StructuredFields(string? OrderNumber = null, DateTimeOffset? OccurredAt = null, string? Phone = null, string? Email = null)
{
    public static StructuredFields From(CheckedIntake intake)
    {
        ArgumentNullException.ThrowIfNull(intake);
        return new StructuredFields(intake.OrderNumber, intake.OccurredAt, intake.CustomerPhone, intake.CustomerEmail);
    }

    public IEnumerable<FactKind> Present()
    {
        if (!string.IsNullOrWhiteSpace(OrderNumber))
        {
            yield return FactKind.OrderNumber;
        }

        if (OccurredAt is not null)
        {
            yield return FactKind.Date;
        }

        if (!string.IsNullOrWhiteSpace(Phone))
        {
            yield return FactKind.Phone;
        }

        if (!string.IsNullOrWhiteSpace(Email))
        {
            yield return FactKind.Email;
        }
    }
}

/// <summary>
/// Per category, the facts an agent needs, so that Kefu can ask the customer for exactly what is missing before the
/// ticket reaches an agent. Keys are category codes; a workspace configures its own table and <see cref="Default"/>
/// covers the demo categories and the intents of the bundled Chinese customer-service data.
/// </summary>
public sealed class FactRequirements
{
    private static readonly RequiredFact Order = new(FactKind.OrderNumber);
    private static readonly RequiredFact OrderOrPayment = new(FactKind.OrderNumber, [FactKind.TransactionNumber]);
    private static readonly RequiredFact OrderOrParcel = new(FactKind.OrderNumber, [FactKind.TrackingNumber]);
    private static readonly RequiredFact OrderOrTask = new(FactKind.OrderNumber, [FactKind.TaskNumber]);
    private static readonly RequiredFact Task = new(FactKind.TaskNumber);
    private static readonly RequiredFact When = new(FactKind.Date);
    private static readonly RequiredFact HowMuch = new(FactKind.Amount);
    private static readonly RequiredFact Phone = new(FactKind.Phone);

    public static FactRequirements Default { get; } = new(new Dictionary<string, IReadOnlyList<RequiredFact>>
    {
        ["refund"] = [OrderOrPayment, HowMuch],
        ["order"] = [OrderOrPayment],
        ["delivery"] = [OrderOrParcel],
        ["account"] = [Phone],
        ["payment"] = [OrderOrPayment, HowMuch, When],
        ["job"] = [OrderOrTask, When, HowMuch],
        ["card"] = [Order, When],
        ["merchant"] = [],
        ["complaint"] = [],
        ["other"] = [],

        ["settlement_delay"] = [OrderOrTask, When, HowMuch],
        ["task_rejected"] = [Task],
        ["job_fraud_report"] = [],
        ["job_mismatch"] = [],
        ["enterprise_posting"] = [],
        ["recharge_missing"] = [OrderOrPayment, HowMuch, When],
        ["card_key_invalid"] = [Order, When],
        ["refund_request"] = [OrderOrPayment, HowMuch],
        ["order_payment_issue"] = [OrderOrPayment, HowMuch, When],
        ["flash_sale_stock"] = [],
        ["logistics_aftersales"] = [OrderOrParcel],
        ["account_security"] = [Phone],
        ["contact_agent_complaint"] = [],
        ["invoice_billing"] = [Order],
    });

    private readonly FrozenDictionary<string, IReadOnlyList<RequiredFact>> _byCategory;

    public FactRequirements(IReadOnlyDictionary<string, IReadOnlyList<RequiredFact>> byCategory)
    {
        ArgumentNullException.ThrowIfNull(byCategory);
        _byCategory = byCategory.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>From configuration: category code → required facts in <see cref="RequiredFact.Parse"/> form.</summary>
    public static FactRequirements FromConfiguration(IReadOnlyDictionary<string, string[]> byCategory)
    {
        ArgumentNullException.ThrowIfNull(byCategory);
        return new FactRequirements(byCategory.ToDictionary(
            entry => entry.Key,
            entry => (IReadOnlyList<RequiredFact>)entry.Value.Select(RequiredFact.Parse).ToList(),
            StringComparer.OrdinalIgnoreCase));
    }

    public IReadOnlyCollection<string> Categories => _byCategory.Keys;

    /// <summary>The facts a category needs; none for a category the table does not know (nothing to ask is better than a wrong question).</summary>
    public IReadOnlyList<RequiredFact> For(string? categoryCode) =>
        categoryCode is not null && _byCategory.TryGetValue(categoryCode, out var required) ? required : [];

    /// <summary>The requirements that neither the message's facts nor the ticket's structured fields meet, in the order they were configured.</summary>
    public static IReadOnlyList<RequiredFact> Missing(IReadOnlyList<RequiredFact> requirements, IEnumerable<ExtractedFact> facts, StructuredFields structuredFields)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(structuredFields);

        var present = facts.Select(f => f.Kind).Concat(structuredFields.Present()).ToHashSet();
        return [.. requirements.Where(required => !present.Any(required.IsMetBy))];
    }

    public IReadOnlyList<RequiredFact> Missing(string? categoryCode, IEnumerable<ExtractedFact> facts, StructuredFields structuredFields) =>
        Missing(For(categoryCode), facts, structuredFields);
}
