namespace Kefu.Domain.Csat;

public enum CompensationKind
{
    Coupon,
    Priority,
    Refund,
}

/// <summary>Compensation an agent offers a customer; the host platform carries it out (it receives a signed webhook).</summary>
public sealed record CompensationOffer(CompensationKind Kind, decimal Amount, string Currency, string Reason, bool PlatformAtFault)
{
    public const int MaxReasonLength = 500;
    public const decimal MaxAmount = 1_000_000m;

    /// <returns>Problems by field; empty when the offer is usable.</returns>
    public static Dictionary<string, string> Check(CompensationKind kind, decimal? amount, string? currency, string? reason)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (amount is not { } value || value < 0 || value > MaxAmount || decimal.Round(value, 2) != value)
        {
            problems["amount"] = "must be 0 to 1000000 with at most two decimals";
        }
        else if (value == 0 && kind != CompensationKind.Priority)
        {
            problems["amount"] = "a coupon or refund needs an amount above 0";
        }

        if (currency is not { Length: 3 } code || !code.All(char.IsAsciiLetterUpper))
        {
            problems["currency"] = "must be a three-letter ISO 4217 code such as CNY";
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            problems["reason"] = $"is required, at most {MaxReasonLength} characters";
        }

        return problems;
    }
}
