using System.Globalization;
using System.Text.RegularExpressions;

namespace Kefu.Domain.Intake;

/// <summary>Per-field problems found in a request, keyed by the request's own (camelCase, dotted) field names.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>Checks a required text field; returns the trimmed value when it is usable.</summary>
    public string? Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
            return null;
        }

        return Optional(field, value, maxLength);
    }

    public string? Optional(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be at most {maxLength} characters"));
            return null;
        }

        if (ContainsControlCharacters(trimmed))
        {
            Add(field, "must not contain control characters");
            return null;
        }

        return trimmed.Length == 0 ? null : trimmed;
    }

    private static bool ContainsControlCharacters(string value) =>
        value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
}

public static partial class ContactRules
{
    public static bool IsEmail(string value) => EmailPattern().IsMatch(value);

    public static bool IsPhone(string value) => PhonePattern().IsMatch(value);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9][0-9 \-]{4,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
