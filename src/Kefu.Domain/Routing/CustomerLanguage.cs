using System.Globalization;
using System.Text;

namespace Kefu.Domain.Routing;

/// <summary>
/// The language routing rules see for a customer: what they wrote in, when the text says so clearly, else the locale
/// their client declared (the widget's <c>data-lang</c>, the host platform's <c>locale</c>). Only Chinese and English are
/// told apart by the text: Han characters against Latin letters, which is reliable for those two and needs no model.
/// </summary>
public static class CustomerLanguage
{
    public const string Chinese = "zh";
    public const string English = "en";

    /// <summary>Fewer letters than this (e.g. "ok", "订单 123") say too little, and the locale decides.</summary>
    public const int MinimumLetters = 4;

    /// <summary>One script must hold at least this share of the letters, so a Chinese sentence naming "iPhone" stays Chinese.</summary>
    public const double DecisiveShare = 0.6;

    public const int MaxLocaleLength = 35;

    /// <returns>
    /// A language tag: the locale when the text agrees with it or says nothing clearly ("zh-TW" stays "zh-TW" for
    /// Chinese text), "zh" or "en" when the text says otherwise; null when neither tells.
    /// </returns>
    public static string? Detect(string? text, string? locale)
    {
        var declared = NormaliseLocale(locale);
        var written = FromText(text);
        if (written is null)
        {
            return declared;
        }

        return declared is not null && PrimaryOf(declared) == written ? declared : written;
    }

    /// <summary>"zh" or "en" when one script clearly dominates the text; null otherwise.</summary>
    public static string? FromText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        int han = 0, latin = 0, other = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsHan(rune))
            {
                han++;
            }
            else if (IsLatinLetter(rune))
            {
                latin++;
            }
            else if (Rune.IsLetter(rune))
            {
                other++;
            }
        }

        // A Chinese character carries about a word, an English letter a fifth of one: weigh them alike per word.
        var hanWeight = han * 4.0;
        var total = hanWeight + latin + other;
        if (han + latin + other < MinimumLetters || total == 0)
        {
            return null;
        }

        return hanWeight / total >= DecisiveShare ? Chinese
            : latin / total >= DecisiveShare ? English
            : null;
    }

    /// <summary>A well-formed tag ("zh_CN" → "zh-CN", "EN" → "en"), or null for a missing or malformed one.</summary>
    public static string? NormaliseLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        var parts = locale.Trim().Replace('_', '-').Split('-');
        if (locale.Length > MaxLocaleLength || parts[0].Length is < 2 or > 3 || !parts[0].All(char.IsAsciiLetter)
            || parts.Skip(1).Any(part => part.Length is 0 or > 8 || !part.All(char.IsAsciiLetterOrDigit)))
        {
            return null;
        }

        parts[0] = parts[0].ToLowerInvariant();
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = parts[i].Length switch
            {
                2 => parts[i].ToUpperInvariant(),
                4 => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(parts[i].ToLowerInvariant()),
                _ => parts[i].ToLowerInvariant(),
            };
        }

        return string.Join('-', parts);
    }

    private static string PrimaryOf(string tag)
    {
        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? tag : tag[..dash];
    }

    private static bool IsHan(Rune rune) =>
        rune.Value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2EBEF) or (>= 0xF900 and <= 0xFAFF);

    private static bool IsLatinLetter(Rune rune) =>
        rune.Value is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= 0xC0 and <= 0x24F and not 0xD7 and not 0xF7)
            or (>= 0xFF21 and <= 0xFF3A) or (>= 0xFF41 and <= 0xFF5A);
}
