using System.Globalization;
using System.Resources;
using Kefu.Domain.Intake.Facts;
using Microsoft.Extensions.Localization;

// The assembly is named "kefu", so without this the localizer would look for "kefu.Features.Intake.IntakeQuestions"
// while the resources are embedded under the project's root namespace.
[assembly: RootNamespace("Kefu.Server")]
[assembly: NeutralResourcesLanguage("zh-CN")]

namespace Kefu.Server.Features.Intake;

/// <summary>
/// The question Kefu asks a customer for a fact the ticket still lacks, from IntakeQuestions.resx (zh-CN) and its
/// translations. The most specific wording wins: one written for this category ("refund.Amount": the refund amount,
/// not any amount), then one for this fact with its accepted alternatives ("OrderNumber|TransactionNumber": the order
/// number, or the payment's reference when there is no order), then the plain fact.
/// </summary>
public sealed class IntakeQuestions(IStringLocalizer<IntakeQuestions> localizer)
{
    /// <summary>The opening line of the assistant's message that asks for missing facts.</summary>
    public string Intro(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return localizer["Intro"].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public string Ask(RequiredFact fact, string? categoryCode, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(culture);
        var keys = new List<string>(3);
        if (categoryCode is not null)
        {
            keys.Add(categoryCode.ToLowerInvariant() + "." + fact);
        }

        keys.Add(fact.ToString());
        keys.Add(fact.Kind.ToString());

        // The localizer reads the UI culture of the current flow; it is set only around this synchronous lookup so the
        // rest of the request keeps the culture it had.
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            foreach (var key in keys)
            {
                var question = localizer[key];
                if (!question.ResourceNotFound)
                {
                    return question.Value;
                }
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }

        throw new InvalidOperationException($"IntakeQuestions.resx has no question for {fact.Kind}.");
    }
}

/// <summary>The languages intake questions are written in: zh-CN unless the caller asks for English.</summary>
public static class IntakeLocale
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public const string Supported = "zh-CN, en";

    /// <summary>Any tag of a supported language (zh, zh-Hans, zh-TW, en-US ...); null for another language.</summary>
    public static CultureInfo? Match(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var language = tag.Trim().Split('-', '_')[0];
        return language.ToLowerInvariant() switch
        {
            "zh" => Chinese,
            "en" => English,
            _ => null,
        };
    }

    /// <summary>The best supported language in Accept-Language by quality, or zh-CN.</summary>
    public static CultureInfo FromHeaders(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accepted = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1);
        foreach (var language in accepted)
        {
            if (language.Value.Value is { } tag && Match(tag) is { } culture)
            {
                return culture;
            }
        }

        return Chinese;
    }
}
