namespace Kefu.Domain.Email;

/// <summary>Reads the machine part of a bounce (RFC 3464 message/delivery-status) for the addresses that failed for good.</summary>
public static class DeliveryStatus
{
    public static IReadOnlyList<string> FailedRecipients(string deliveryStatus)
    {
        ArgumentNullException.ThrowIfNull(deliveryStatus);
        var failed = new List<string>();

        // The first block describes the reporting server; each later block, separated by a blank line, one recipient.
        var blocks = deliveryStatus.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        foreach (var block in blocks)
        {
            string? recipient = null;
            string? action = null;
            foreach (var line in block.Split('\n'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Final-Recipient", StringComparison.OrdinalIgnoreCase) || (recipient is null && name.Equals("Original-Recipient", StringComparison.OrdinalIgnoreCase)))
                {
                    var semicolon = value.IndexOf(';', StringComparison.Ordinal);
                    recipient = (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim().Trim('<', '>');
                }
                else if (name.Equals("Action", StringComparison.OrdinalIgnoreCase))
                {
                    action = value;
                }
            }

            if (recipient is { Length: > 0 } && recipient.Contains('@', StringComparison.Ordinal)
                && string.Equals(action, "failed", StringComparison.OrdinalIgnoreCase)
                && !failed.Contains(recipient, StringComparer.OrdinalIgnoreCase))
            {
                failed.Add(recipient.ToLowerInvariant());
            }
        }

        return failed;
    }
}
