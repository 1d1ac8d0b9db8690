using System.Globalization;
using System.Text.RegularExpressions;

namespace Kefu.Domain.Intake.Facts;

/// <summary>
/// Dates and times in the forms customers write them. A day (6月10日, 昨天, 上周五, 2026-06-10, June 10, last Friday,
/// 3天前) is the anchor; a time of day (下午3点, 15:30, 3pm) only counts when it is attached to a day, because a bare
/// "3点" or "15:30" in a message is as often a shop's opening hours or a sale's start as the moment something happened.
/// </summary>
internal static partial class DateRules
{
    private enum PartOfDay
    {
        None,
        EarlyMorning,
        Morning,
        Noon,
        Afternoon,
        Evening,
    }

    private sealed record Anchor(int Start, int End, DateOnly Date, PartOfDay PartOfDay);

    private sealed record ClockTime(int Start, int End, int Hour, int Minute, int Second, PartOfDay PartOfDay, string? Meridiem, bool Loose);

    public static void Find(string text, DateTimeOffset now, TimeZoneInfo zone, List<Candidate> candidates)
    {
        var clock = new WallClock(now, zone);
        var times = Times(text);
        var used = new bool[times.Count];

        foreach (var anchor in Anchors(text, clock).OrderBy(a => a.Start))
        {
            candidates.Add(Candidate.For(Rank.Date, Attach(text, clock, anchor, times, used)));
        }

        foreach (Match match in Ago().Matches(text))
        {
            if (AgoFact(match, clock) is { } fact)
            {
                candidates.Add(Candidate.For(Rank.Date, fact));
            }
        }
    }

    private static ExtractedFact Attach(string text, WallClock clock, Anchor anchor, List<ClockTime> times, bool[] used)
    {
        for (var i = 0; i < times.Count; i++)
        {
            var time = times[i];
            var after = time.Start >= anchor.End && GapAfterDay().IsMatch(text.AsSpan(anchor.End, time.Start - anchor.End));
            var before = !after && time.End <= anchor.Start && GapBeforeDay().IsMatch(text.AsSpan(time.End, anchor.Start - time.End));
            if (used[i] || !(after || before))
            {
                continue;
            }

            var partOfDay = time.PartOfDay != PartOfDay.None ? time.PartOfDay : anchor.PartOfDay;
            if (ToClock(clock, anchor.Date, time, partOfDay) is not { } instant)
            {
                continue;
            }

            used[i] = true;
            var start = Math.Min(anchor.Start, time.Start);
            var end = Math.Max(anchor.End, time.End);
            return Moment(instant, clock, start, end - start);
        }

        var dayEnd = anchor.End;
        if (PartOfDayWord().Match(text, anchor.End) is { Success: true } word && word.Index == anchor.End)
        {
            dayEnd = word.Index + word.Length;
        }

        return Day(anchor.Date, anchor.Start, dayEnd - anchor.Start);
    }

    private static ExtractedFact Day(DateOnly date, int start, int length) =>
        new(FactKind.Date, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start, length) { Date = date, Precision = DatePrecision.Day };

    private static ExtractedFact Moment(DateTimeOffset instant, WallClock clock, int start, int length) =>
        new(FactKind.Date, instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), start, length)
        {
            Date = clock.DayOf(instant), Instant = instant, Precision = DatePrecision.Time,
        };

    private static DateTimeOffset? ToClock(WallClock clock, DateOnly date, ClockTime time, PartOfDay partOfDay)
    {
        if (time.Minute > 59 || time.Second > 59)
        {
            return null;
        }

        int hour;
        var nextDay = false;
        if (time.Meridiem is { } meridiem)
        {
            if (time.Hour is < 1 or > 12)
            {
                return null;
            }

            hour = meridiem.StartsWith('p') ? (time.Hour % 12) + 12 : time.Hour % 12;
        }
        else if (partOfDay != PartOfDay.None)
        {
            (hour, nextDay) = InPartOfDay(time.Hour, partOfDay);
        }
        else if (time.Loose && time.Hour is >= 1 and <= 6
            && clock.ToInstant(date, time.Hour + 12, time.Minute) <= clock.Now)
        {
            // "昨天3点" means the afternoon: nobody reports 3 a.m. without saying 凌晨, unless the afternoon is still to come.
            hour = time.Hour + 12;
        }
        else
        {
            hour = time.Hour;
        }

        if (hour == 24)
        {
            (hour, nextDay) = (0, true);
        }

        if (hour is < 0 or > 23)
        {
            return null;
        }

        return clock.ToInstant(nextDay ? date.AddDays(1) : date, hour, time.Minute, time.Second);
    }

    /// <summary>晚上12点 and 晚上1点 are after midnight, so on the next calendar day.</summary>
    private static (int Hour, bool NextDay) InPartOfDay(int hour, PartOfDay partOfDay) => partOfDay switch
    {
        PartOfDay.EarlyMorning => (hour == 12 ? 0 : hour, false),
        PartOfDay.Noon when hour is >= 1 and <= 3 => (hour + 12, false),
        PartOfDay.Afternoon when hour is >= 1 and <= 11 => (hour + 12, false),
        PartOfDay.Evening when hour is >= 5 and <= 11 => (hour + 12, false),
        PartOfDay.Evening when hour == 12 => (0, true),
        PartOfDay.Evening when hour is >= 0 and <= 4 => (hour, true),
        _ => (hour, false),
    };

    private static PartOfDay PartOfDayOf(string word) => word.ToLowerInvariant() switch
    {
        "" => PartOfDay.None,
        "凌晨" => PartOfDay.EarlyMorning,
        "早上" or "早晨" or "清晨" or "上午" or "早" or "今早" or "今晨" or "昨早" or "明早" or "morning" => PartOfDay.Morning,
        "中午" or "noon" => PartOfDay.Noon,
        "下午" or "傍晚" or "afternoon" => PartOfDay.Afternoon,
        _ => PartOfDay.Evening,
    };

    private static List<ClockTime> Times(string text)
    {
        var times = new List<ClockTime>();
        foreach (Match match in Time().Matches(text))
        {
            var hourText = match.Groups["h"].Value;
            var hour = char.IsAsciiDigit(hourText[0]) ? int.Parse(hourText, CultureInfo.InvariantCulture) : (int?)ChineseNumerals.Parse(hourText);
            int? minute = match.Groups["half"].Success ? 30
                : match.Groups["q1"].Success ? 15
                : match.Groups["q3"].Success ? 45
                : match.Groups["m"].Success ? Number(match.Groups["m"].Value)
                : 0;
            var second = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
            if (hour is not { } h || minute is not { } m)
            {
                continue;
            }

            var meridiem = match.Groups["ampm"].Success ? match.Groups["ampm"].Value.ToLowerInvariant() : null;
            var loose = match.Groups["loose"].Success;
            times.Add(new ClockTime(match.Index, match.Index + match.Length, h, m, second, PartOfDayOf(match.Groups["pod"].Value), meridiem, loose));
        }

        return times;
    }

    private static int? Number(string text) =>
        char.IsAsciiDigit(text[0]) ? int.Parse(text, CultureInfo.InvariantCulture) : (int?)ChineseNumerals.Parse(text);

    private static IEnumerable<Anchor> Anchors(string text, WallClock clock)
    {
        foreach (Match match in NumericDate().Matches(text))
        {
            if (WallClock.Valid(Number(match.Groups["y"].Value) ?? 0, Number(match.Groups["mo"].Value) ?? 0, Number(match.Groups["d"].Value) ?? 0) is { } date)
            {
                yield return new Anchor(match.Index, match.Index + match.Length, date, PartOfDay.None);
            }
        }

        foreach (Match match in ChineseMonthDay().Matches(text))
        {
            if (MonthDay(clock, match) is { } date)
            {
                yield return new Anchor(match.Index, match.Index + match.Length, date, PartOfDay.None);
            }
        }

        foreach (Match match in EnglishMonthDay().Matches(text))
        {
            if (MonthDay(clock, match) is { } date)
            {
                yield return new Anchor(match.Index, match.Index + match.Length, date, PartOfDayOf(match.Groups["pod"].Value));
            }
        }

        foreach (Match match in RelativeDay().Matches(text))
        {
            var (offset, partOfDay) = Relative(match.Groups["day"].Value);
            yield return new Anchor(match.Index, match.Index + match.Length, clock.Today.AddDays(offset), match.Groups["pod"].Success ? PartOfDayOf(match.Groups["pod"].Value) : partOfDay);
        }

        foreach (Match match in ChineseWeekday().Matches(text))
        {
            var weekday = Weekday(match.Groups["wd"].Value);
            var index = WallClock.DaysSinceMonday(weekday);
            var date = match.Groups["rel"].Value switch
            {
                "上上" => clock.WeekStart.AddDays(index - 14),
                "上" => clock.WeekStart.AddDays(index - 7),
                "这" or "本" => clock.WeekStart.AddDays(index),
                "下" => clock.WeekStart.AddDays(index + 7),
                _ => clock.MostRecent(weekday, beforeToday: false),
            };
            yield return new Anchor(match.Index, match.Index + match.Length, date, PartOfDay.None);
        }

        foreach (Match match in EnglishWeekday().Matches(text))
        {
            var weekday = Weekday(match.Groups["wd"].Value);
            var date = match.Groups["rel"].Value.ToLowerInvariant() switch
            {
                "last" or "previous" => clock.MostRecent(weekday, beforeToday: true),
                "this" => clock.WeekStart.AddDays(WallClock.DaysSinceMonday(weekday)),
                "next" => clock.WeekStart.AddDays(WallClock.DaysSinceMonday(weekday) + 7),
                _ => clock.MostRecent(weekday, beforeToday: false),
            };
            yield return new Anchor(match.Index, match.Index + match.Length, date, PartOfDayOf(match.Groups["pod"].Value));
        }

        foreach (Match match in DayOfMonth().Matches(text))
        {
            if (DayOfMonth(clock, match) is { } date)
            {
                yield return new Anchor(match.Index, match.Index + match.Length, date, PartOfDay.None);
            }
        }
    }

    /// <summary>上个月10号 is in last month; a bare 10号 is the latest 10th not after today.</summary>
    private static DateOnly? DayOfMonth(WallClock clock, Match match)
    {
        var day = Number(match.Groups["d"].Value) ?? 0;
        var relative = match.Groups["rel"].Value;
        var monthOffset = relative.StartsWith('上') ? -1 : relative.StartsWith('下') ? 1 : 0;
        var month = clock.Today.AddMonths(monthOffset);
        var date = WallClock.Valid(month.Year, month.Month, day);
        if (match.Groups["rel"].Success || (date is { } inMonth && inMonth <= clock.Today))
        {
            return date;
        }

        var previous = month.AddMonths(-1);
        return WallClock.Valid(previous.Year, previous.Month, day);
    }

    private static DateOnly? MonthDay(WallClock clock, Match match)
    {
        var month = match.Groups["mo"].Success ? Number(match.Groups["mo"].Value) : MonthOf(match.Groups["mon"].Value);
        var day = Number(match.Groups["d"].Value);
        if (month is not { } m || day is not { } d)
        {
            return null;
        }

        if (!match.Groups["y"].Success)
        {
            return clock.MostRecent(m, d);
        }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        return WallClock.Valid(year < 100 ? 2000 + year : year, m, d);
    }

    private static int? MonthOf(string name) =>
        name.Length < 3 ? null : Array.FindIndex(MonthNames, n => n.StartsWith(name[..3], StringComparison.OrdinalIgnoreCase)) + 1 is var m and > 0 ? m : null;

    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static DayOfWeek Weekday(string name) => name.ToLowerInvariant() switch
    {
        "一" or "monday" => DayOfWeek.Monday,
        "二" or "tuesday" => DayOfWeek.Tuesday,
        "三" or "wednesday" => DayOfWeek.Wednesday,
        "四" or "thursday" => DayOfWeek.Thursday,
        "五" or "friday" => DayOfWeek.Friday,
        "六" or "saturday" => DayOfWeek.Saturday,
        _ => DayOfWeek.Sunday,
    };

    private static (int Offset, PartOfDay PartOfDay) Relative(string word) => word.ToLowerInvariant() switch
    {
        "大前天" => (-3, PartOfDay.None),
        "前天" => (-2, PartOfDay.None),
        "昨晚" or "昨夜" or "last night" => (-1, PartOfDay.Evening),
        "昨早" => (-1, PartOfDay.Morning),
        "今早" or "今晨" or "this morning" => (0, PartOfDay.Morning),
        "this afternoon" => (0, PartOfDay.Afternoon),
        "今晚" or "今夜" or "tonight" or "this evening" => (0, PartOfDay.Evening),
        "明早" => (1, PartOfDay.Morning),
        "明晚" => (1, PartOfDay.Evening),
        "明天" or "明日" or "tomorrow" => (1, PartOfDay.None),
        "后天" => (2, PartOfDay.None),
        "大后天" => (3, PartOfDay.None),
        var w when w.StartsWith('昨') || w == "yesterday" => (-1, PartOfDay.None),
        var w when w.StartsWith("the day before", StringComparison.Ordinal) => (-2, PartOfDay.None),
        _ => (0, PartOfDay.None),
    };

    private static ExtractedFact? AgoFact(Match match, WallClock clock)
    {
        var amountText = match.Groups["n"].Value.ToLowerInvariant();
        var amount = amountText switch
        {
            "半" => 0.5,
            "a" or "an" or "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            _ => Number(amountText) ?? 0,
        };
        if (amount <= 0)
        {
            return null;
        }

        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        if (unit.StartsWith("hour", StringComparison.Ordinal) || unit.EndsWith('时') || unit.EndsWith('头'))
        {
            return Moment(clock.Now.AddHours(-amount).ToUniversalTime(), clock, match.Index, match.Length);
        }

        if (unit.StartsWith("min", StringComparison.Ordinal) || unit.StartsWith('分'))
        {
            return Moment(clock.Now.AddMinutes(-amount).ToUniversalTime(), clock, match.Index, match.Length);
        }

        var days = unit.StartsWith("week", StringComparison.Ordinal) || unit.Contains('周', StringComparison.Ordinal) || unit.Contains("星期", StringComparison.Ordinal) || unit.Contains("礼拜", StringComparison.Ordinal)
            ? 7 * amount
            : amount;
        return days == Math.Floor(days) ? Day(clock.Today.AddDays(-(int)days), match.Index, match.Length) : null;
    }

    private const string ZhSmall = "[零一二两三四五六七八九十]{1,3}";

    private const string PartsOfDay = "凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里|夜间|半夜|深夜|早|晚";

    [GeneratedRegex(
        @"(?:(?<![昨今明])(?<pod>" + PartsOfDay + @")\s?)?(?:"
        + @"(?<![\d:.])(?<h>\d{1,2}):(?<m>[0-5]\d)(?::(?<s>[0-5]\d))?(?![\d:])(?:\s?(?<ampm>[ap])\.?m\.?(?![A-Za-z]))?"
        + @"|(?<![\d:.])(?<h>\d{1,2})\s?(?<ampm>[ap])\.?m\.?(?![A-Za-z])"
        + @"|(?<![\d.])(?<loose>)(?<h>\d{1,2}|" + ZhSmall + @")\s?[点时](?:(?<half>半)|(?<q1>一刻)|(?<q3>三刻)|(?<m>[0-5]?\d|" + ZhSmall + @")分?)?(?:多|左右|钟)?(?![都也儿点卡数])"
        + @"|(?<=\bat\s)(?<loose>)(?<h>\d{1,2})(?:\s?o'?clock)?(?![\d:.]|\s?(?:[ap]\.?m|%|days?|hours?|items?))"
        + ")",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Time();

    [GeneratedRegex(@"\G(?:的)?(?:" + PartsOfDay + @")|\G\s+(?:morning|afternoon|evening|night)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartOfDayWord();

    [GeneratedRegex(@"^[\s,，]*(?:T|的|(?:at|around|about|@)\s*|大约|约|大概|大概在|在)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GapAfterDay();

    [GeneratedRegex(@"^\s*,?\s*(?:on\s+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GapBeforeDay();

    [GeneratedRegex(@"(?<![\d.])(?<y>(?:19|20)\d{2})(?<sep>[-/.])(?<mo>\d{1,2})\k<sep>(?<d>\d{1,2})(?![\d.])|(?<![\d.])(?<y>(?:19|20)\d{2})年(?<mo>\d{1,2})月(?<d>\d{1,2})[日号]", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"(?:(?<!\d)(?<y>\d{2})年|(?<![\d年]))(?<mo>\d{1,2}|" + ZhSmall + @")月(?<d>\d{1,2}|" + ZhSmall + @")[日号]", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseMonthDay();

    private const string Months = @"(?<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

    [GeneratedRegex(
        @"\b" + Months + @"\s+(?<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<y>(?:19|20)\d{2})\b)?(?![:\d]|\s+(?:items?|pcs|pieces?|times?|days?|hours?|minutes?|people)\b)"
        + @"|\b(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + Months + @"\b(?:,?\s+(?<y>(?:19|20)\d{2})\b)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishMonthDay();

    [GeneratedRegex(
        @"(?<![之以然最])(?<day>大前天|前天|昨天|昨日|昨儿个?|昨晚|昨夜|昨早|今天|今日|今儿个?|今早|今晨|今晚|今夜|明天|明日|明早|明晚|大后天|后天)"
        + @"|\b(?<day>the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|this\s+morning|this\s+afternoon|this\s+evening|last\s+night)\b(?:\s+(?<pod>morning|afternoon|evening|night)\b)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativeDay();

    [GeneratedRegex(@"(?<!每个?)(?<rel>上上|上|这|本|下)?个?(?:周|星期|礼拜)(?<wd>一(?![直样起共般定次下切些点遍趟回])|[二三四五六日天])(?!天)", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseWeekday();

    [GeneratedRegex(@"\b(?:(?<rel>last|this|next|previous|past|on)\s+)?(?<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?:\s+(?<pod>morning|afternoon|evening|night)\b)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishWeekday();

    [GeneratedRegex(@"(?<rel>上个?月|这个?月|本月|下个?月)(?<d>\d{1,2}|" + ZhSmall + @")[日号]|(?<![\dA-Za-z工单账编型尾第年月个])(?<d>[12]?\d|3[01]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])号(?![楼线店门床柜口位车机码院字])", RegexOptions.CultureInvariant)]
    private static partial Regex DayOfMonth();

    [GeneratedRegex(
        @"(?<n>\d{1,3}|" + ZhSmall + @"|半)\s?个?(?<unit>天|日|周|星期|礼拜|小时|钟头|分钟)(?:以)?前"
        + @"|\b(?<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?<unit>days?|weeks?|hours?|minutes?|mins?)\s+ago\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Ago();
}
