namespace Kefu.Domain.Intake.Facts;

/// <summary>Reads numbers as customers write them: 一百二十, 两千, 一百零五, and the spoken shortcuts 三千五 (3500) and 两万五 (25000).</summary>
internal static class ChineseNumerals
{
    /// <summary>The characters a Chinese numeral is made of, for building patterns.</summary>
    public const string Characters = "零〇一二两三四五六七八九十百千万亿";

    public static int? Digit(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        >= '0' and <= '9' => c - '0',
        _ => null,
    };

    private static long? SmallUnit(char c) => c switch
    {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => null,
    };

    private static long? LargeUnit(char c) => c switch
    {
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => null,
    };

    /// <summary>An integer written in Chinese numerals (single Arabic digits may stand in for 一..九), or null when it is not one.</summary>
    public static long? Parse(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return null;
        }

        long total = 0;
        long section = 0;
        long? pendingDigit = null;
        long lastUnit = 0;
        var afterZero = false;

        foreach (var c in text)
        {
            if (Digit(c) is { } digit)
            {
                if (pendingDigit is not null)
                {
                    // Two digits in a row (五五) are not a numeral; 零 before a digit is (一百零五).
                    return null;
                }

                if (digit == 0)
                {
                    afterZero = true;
                }
                else
                {
                    pendingDigit = digit;
                }
            }
            else if (SmallUnit(c) is { } unit)
            {
                if (pendingDigit is null && unit != 10)
                {
                    return null;
                }

                section += (pendingDigit ?? 1) * unit;
                pendingDigit = null;
                lastUnit = unit;
                afterZero = false;
            }
            else if (LargeUnit(c) is { } large)
            {
                section += pendingDigit ?? 0;
                if (section == 0)
                {
                    return null;
                }

                total += section * large;
                section = 0;
                pendingDigit = null;
                lastUnit = large;
                afterZero = false;
            }
            else
            {
                return null;
            }
        }

        if (pendingDigit is { } trailing)
        {
            // 三千五 is 3500 and 两万五 is 25000: a last digit straight after a unit counts in the next unit down.
            // After 零 (一千零五) it is the units digit.
            section += lastUnit >= 100 && !afterZero && PreviousIsUnit(text) ? trailing * (lastUnit / 10) : trailing;
        }

        return total + section;
    }

    private static bool PreviousIsUnit(ReadOnlySpan<char> text) =>
        text.Length >= 2 && (SmallUnit(text[^2]) is not null || LargeUnit(text[^2]) is not null);
}
