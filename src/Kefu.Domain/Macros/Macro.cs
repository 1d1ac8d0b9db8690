using System.Text;

namespace Kefu.Domain.Macros;

/// <summary>A canned reply (快捷回复) agents insert and edit before sending; admins keep the list.</summary>
public sealed class Macro
{
    public const int MaxTitleLength = 100;
    public const int MaxBodyLength = 4000;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// Fills <c>{{name}}</c> placeholders in a macro body. A placeholder the values do not know stays as
/// written, so the agent sees it in the reply box and fills it by hand instead of sending a blank.
/// </summary>
public static class MacroTemplate
{
    public static readonly IReadOnlyList<string> KnownPlaceholders =
        ["customer.name", "customer.id", "agent.name", "agent.number", "ticket.number", "ticket.subject", "ticket.order"];

    public static string Render(string body, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(values);
        var result = new StringBuilder(body.Length);
        var position = 0;
        while (position < body.Length)
        {
            var open = body.IndexOf("{{", position, StringComparison.Ordinal);
            var close = open < 0 ? -1 : body.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                result.Append(body, position, body.Length - position);
                break;
            }

            var name = body[(open + 2)..close].Trim();
            result.Append(body, position, open - position);
            result.Append(values.TryGetValue(name, out var value) && value is not null ? value : body[open..(close + 2)]);
            position = close + 2;
        }

        return result.ToString();
    }

    /// <summary>Placeholders in a body that <see cref="Render"/> would never fill: typos an admin should hear about.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var unknown = new List<string>();
        var position = 0;
        while (body.IndexOf("{{", position, StringComparison.Ordinal) is var open and >= 0
            && body.IndexOf("}}", open + 2, StringComparison.Ordinal) is var close and >= 0)
        {
            var name = body[(open + 2)..close].Trim();
            if (!KnownPlaceholders.Contains(name) && !unknown.Contains(name))
            {
                unknown.Add(name);
            }

            position = close + 2;
        }

        return unknown;
    }
}
