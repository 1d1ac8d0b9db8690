using System.Globalization;
using Kefu.Domain.Tickets;

namespace Kefu.Domain.Intake;

/// <summary>The raw structured intake as the customer or host platform sent it; nothing here is trusted yet.</summary>
public sealed record IntakeInput(
    string? CustomerExternalId,
    string? CustomerName,
    string? CustomerEmail,
    string? CustomerPhone,
    string? Subject,
    string? Description,
    string? Category,
    string? OrderNumber,
    string? OccurredAt,
    string? DesiredOutcome,
    string? MerchantId,
    string? Channel);

/// <summary>Intake that passed every check, with its values parsed.</summary>
public sealed record CheckedIntake(
    string CustomerExternalId,
    string CustomerName,
    string? CustomerEmail,
    string? CustomerPhone,
    string Subject,
    string Description,
    string? CategoryCode,
    string? OrderNumber,
    DateTimeOffset? OccurredAt,
    string? DesiredOutcome,
    Guid? MerchantId,
    Channel Channel);

public static class TicketIntakeCheck
{
    public const int MaxExternalId = 128;
    public const int MaxName = 100;
    public const int MaxEmail = 254;
    public const int MaxPhone = 32;
    public const int MaxSubject = 200;
    public const int MaxDescription = 10_000;
    public const int MaxCategory = 64;
    public const int MaxOrderNumber = 64;
    public const int MaxDesiredOutcome = 500;

    /// <summary>How far in the future a reported time may lie before we call it a mistake (clock skew, time zones).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromHours(24);

    /// <param name="categoryExists">Whether a category code is known and active in the workspace.</param>
    /// <param name="workspaceZone">How to read a time given without an offset: as the workspace's wall clock.</param>
    public static CheckedIntake? Check(IntakeInput input, DateTimeOffset now, Func<string, bool> categoryExists, FieldErrors errors, TimeZoneInfo workspaceZone)
    {
        ArgumentNullException.ThrowIfNull(workspaceZone);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(categoryExists);
        ArgumentNullException.ThrowIfNull(errors);

        var externalId = errors.Required("customer.externalId", input.CustomerExternalId, MaxExternalId);
        var name = errors.Required("customer.name", input.CustomerName, MaxName);
        var email = errors.Optional("customer.email", input.CustomerEmail, MaxEmail);
        if (email is not null && !ContactRules.IsEmail(email))
        {
            errors.Add("customer.email", "is not an email address");
        }

        var phone = errors.Optional("customer.phone", input.CustomerPhone, MaxPhone);
        if (phone is not null && !ContactRules.IsPhone(phone))
        {
            errors.Add("customer.phone", "is not a phone number");
        }

        var subject = errors.Required("subject", input.Subject, MaxSubject);
        var description = errors.Required("description", input.Description, MaxDescription);
        var category = errors.Optional("category", input.Category, MaxCategory);
        if (category is not null && !categoryExists(category))
        {
            errors.Add("category", "is not a category of this workspace");
        }

        var orderNumber = errors.Optional("orderNumber", input.OrderNumber, MaxOrderNumber);
        var desiredOutcome = errors.Optional("desiredOutcome", input.DesiredOutcome, MaxDesiredOutcome);
        var occurredAt = ParseOccurredAt(input.OccurredAt, now, errors, workspaceZone);

        Guid? merchantId = null;
        if (input.MerchantId is not null)
        {
            if (Guid.TryParse(input.MerchantId, out var parsed))
            {
                merchantId = parsed;
            }
            else
            {
                errors.Add("merchantId", "is not a merchant id");
            }
        }

        var channel = Tickets.Channel.Api;
        if (input.Channel is not null && !TryParseChannel(input.Channel, out channel))
        {
            errors.Add("channel", "must be one of: " + string.Join(", ", Enum.GetNames<Channel>().Select(n => n.ToLowerInvariant())));
        }

        if (errors.Any)
        {
            return null;
        }

        return new CheckedIntake(
            externalId!, name!, email, phone, subject!, description!, category, orderNumber, occurredAt, desiredOutcome, merchantId, channel);
    }

    /// <summary>Names only: Enum.TryParse would also take "3" or "web, email" and invent a channel.</summary>
    private static bool TryParseChannel(string value, out Channel channel)
    {
        foreach (var candidate in Enum.GetValues<Channel>())
        {
            if (string.Equals(candidate.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                channel = candidate;
                return true;
            }
        }

        channel = default;
        return false;
    }

    /// <summary>
    /// ISO 8601 only, so "12/01/2026" cannot silently mean 1 December, and a bare time cannot borrow
    /// today's date from the machine clock. A time without an offset is the workspace's wall clock:
    /// a customer of a Chinese platform who writes 14:30 means Beijing time, not UTC.
    /// </summary>
    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mm:sszzz",
        "yyyy-MM-dd HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm'Z'",
    ];

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd",
    ];

    private static DateTimeOffset? ParseOccurredAt(string? value, DateTimeOffset now, FieldErrors errors, TimeZoneInfo workspaceZone)
    {
        if (value is null)
        {
            return null;
        }

        if (ParseInstant(value, workspaceZone, out var problem) is not { } occurredAt)
        {
            errors.Add("occurredAt", problem!);
            return null;
        }

        if (occurredAt > now + FutureTolerance)
        {
            errors.Add("occurredAt", "lies in the future");
            return null;
        }

        return occurredAt;
    }

    /// <summary>
    /// Reads an ISO 8601 date and time as a UTC instant. A time without an offset is the workspace's wall clock,
    /// since that is what people in the workspace mean by it.
    /// </summary>
    /// <returns>The instant, or null with <paramref name="problem"/> saying why not.</returns>
    public static DateTimeOffset? ParseInstant(string value, TimeZoneInfo workspaceZone, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(workspaceZone);
        problem = null;
        var text = value.Trim();
        DateTimeOffset instant;
        if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var withOffset))
        {
            instant = withOffset;
        }
        else if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
        {
            if (wallClock.Year < 2000)
            {
                problem = "is too far in the past";
                return null;
            }

            if (workspaceZone.IsInvalidTime(wallClock))
            {
                problem = "does not exist in the workspace's time zone (a daylight-saving gap)";
                return null;
            }

            instant = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified), workspaceZone), TimeSpan.Zero);
        }
        else
        {
            problem = "is not a date and time (use ISO 8601, e.g. 2026-11-20T14:30:00+08:00)";
            return null;
        }

        if (instant.Year < 2000)
        {
            problem = "is too far in the past";
            return null;
        }

        return instant;
    }
}
