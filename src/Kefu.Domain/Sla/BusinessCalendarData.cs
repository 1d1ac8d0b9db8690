using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kefu.Domain.Sla;

/// <summary>
/// A business calendar kept as editable JSON: time zone, weekly hours, named holidays and makeup working days.
/// The built-in ones ship inside this assembly from <c>Sla/Calendars/*.json</c>; see <c>cn-2026.json</c> for the shape.
/// </summary>
public sealed class BusinessCalendarData
{
    private const string ResourceFolder = ".Sla.Calendars.";
    private const string ResourceExtension = ".json";
    private const int LongestHoliday = 366;

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly string[] TopLevelProperties = ["name", "source", "timeZone", "weeklyHours", "holidays", "makeupWorkdays"];

    private BusinessCalendarData(string? name, string? source, BusinessCalendar calendar, IReadOnlyDictionary<DateOnly, string> dayNames)
    {
        Name = name;
        Source = source;
        Calendar = calendar;
        DayNames = dayNames;
    }

    public string? Name { get; }

    /// <summary>Where the dates come from, so whoever edits the file can check them against it.</summary>
    public string? Source { get; }

    public BusinessCalendar Calendar { get; }

    /// <summary>The name given to each holiday and makeup working day, such as 春节 or 国庆节调休.</summary>
    public IReadOnlyDictionary<DateOnly, string> DayNames { get; }

    /// <summary>The names <see cref="LoadBuiltIn"/> accepts, such as <c>cn-2026</c>.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = typeof(BusinessCalendarData).Assembly
        .GetManifestResourceNames()
        .Where(resource => resource.Contains(ResourceFolder, StringComparison.Ordinal) && resource.EndsWith(ResourceExtension, StringComparison.Ordinal))
        .Select(resource =>
        {
            var start = resource.LastIndexOf(ResourceFolder, StringComparison.Ordinal) + ResourceFolder.Length;
            return resource[start..^ResourceExtension.Length];
        })
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <exception cref="ArgumentException">No built-in calendar has that name.</exception>
    /// <exception cref="FormatException">The shipped file is broken; the message says where.</exception>
    public static BusinessCalendarData LoadBuiltIn(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var assembly = typeof(BusinessCalendarData).Assembly;
        var suffix = ResourceFolder + name + ResourceExtension;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(r => r.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new ArgumentException(
                $"There is no built-in calendar '{name}'; the built-in calendars are: {string.Join(", ", BuiltInNames)}.", nameof(name));

        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The resource {resource} is listed but cannot be opened.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        try
        {
            return Parse(reader.ReadToEnd());
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Built-in calendar '{name}': {ex.Message}", ex);
        }
    }

    /// <exception cref="FormatException">The text is not a usable calendar; the message names the offending field.</exception>
    public static BusinessCalendarData Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Calendar data is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static BusinessCalendarData Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Problem("(top level)", "must be a JSON object with timeZone, weeklyHours, holidays and makeupWorkdays.");
        }

        var properties = Properties(root, "(top level)", TopLevelProperties);
        var name = OptionalString(properties, "name");
        var source = OptionalString(properties, "source");
        var zone = ReadZone(properties);
        var weekly = ReadWeeklyHours(properties);
        var dayNames = new Dictionary<DateOnly, string>();
        var holidays = ReadHolidays(properties, dayNames);
        var makeupDays = ReadMakeupDays(properties, holidays, dayNames);

        try
        {
            return new BusinessCalendarData(name, source, new BusinessCalendar(zone, weekly, holidays.Keys, makeupDays), dayNames);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Calendar data: {ex.Message}", ex);
        }
    }

    private static TimeZoneInfo ReadZone(Dictionary<string, JsonElement> properties)
    {
        var id = OptionalString(properties, "timeZone");
        if (string.IsNullOrWhiteSpace(id))
        {
            throw Problem("timeZone", "is required: an IANA time zone id such as \"Asia/Shanghai\".");
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"Calendar data: timeZone: '{id}' is not a time zone known here; use an IANA id such as \"Asia/Shanghai\".", ex);
        }
    }

    private static Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> ReadWeeklyHours(Dictionary<string, JsonElement> properties)
    {
        if (!properties.TryGetValue("weeklyHours", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            throw Problem("weeklyHours", "is required: an object from weekday (\"monday\" … \"sunday\") to a list of periods such as \"09:00-12:00\".");
        }

        var dayNames = Enum.GetValues<DayOfWeek>().Select(day => day.ToString().ToLowerInvariant()).ToArray();
        var weekly = new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>();
        foreach (var (key, value) in Properties(element, "weeklyHours", dayNames))
        {
            var day = Enum.Parse<DayOfWeek>(key, ignoreCase: true);
            weekly[day] = ReadPeriods(value, $"weeklyHours.{key}");
        }

        return weekly;
    }

    private static Dictionary<DateOnly, string> ReadHolidays(Dictionary<string, JsonElement> properties, Dictionary<DateOnly, string> dayNames)
    {
        var holidays = new Dictionary<DateOnly, string>();
        foreach (var (entry, path) in Entries(properties, "holidays"))
        {
            DateOnly from;
            DateOnly to;
            string? name = null;
            if (entry.ValueKind == JsonValueKind.String)
            {
                from = to = ReadDate(entry, path);
            }
            else
            {
                var fields = Properties(entry, path, ["name", "date", "from", "to"]);
                name = OptionalString(fields, "name", path);
                if (fields.TryGetValue("date", out var date))
                {
                    if (fields.ContainsKey("from") || fields.ContainsKey("to"))
                    {
                        throw Problem(path, "gives either \"date\" or \"from\" and \"to\", not both.");
                    }

                    from = to = ReadDate(date, $"{path}.date");
                }
                else if (fields.TryGetValue("from", out var start) && fields.TryGetValue("to", out var end))
                {
                    from = ReadDate(start, $"{path}.from");
                    to = ReadDate(end, $"{path}.to");
                }
                else
                {
                    throw Problem(path, "needs \"date\", or \"from\" and \"to\" (inclusive), in yyyy-MM-dd form.");
                }
            }

            if (to < from)
            {
                throw Problem(path, $"ends ({BusinessCalendar.Iso(to)}) before it starts ({BusinessCalendar.Iso(from)}).");
            }

            if (to.DayNumber - from.DayNumber >= LongestHoliday)
            {
                throw Problem(path, $"runs from {BusinessCalendar.Iso(from)} to {BusinessCalendar.Iso(to)}, more than a year; check the dates.");
            }

            for (var day = from; day <= to; day = day.AddDays(1))
            {
                if (!holidays.TryAdd(day, path))
                {
                    throw Problem(path, $"{BusinessCalendar.Iso(day)} is already a holiday in {holidays[day]}.");
                }

                if (name is not null)
                {
                    dayNames[day] = name;
                }
            }
        }

        return holidays;
    }

    private static List<MakeupWorkday> ReadMakeupDays(
        Dictionary<string, JsonElement> properties, Dictionary<DateOnly, string> holidays, Dictionary<DateOnly, string> dayNames)
    {
        var makeupDays = new List<MakeupWorkday>();
        var seen = new Dictionary<DateOnly, string>();
        foreach (var (entry, path) in Entries(properties, "makeupWorkdays"))
        {
            DateOnly date;
            WorkingPeriod[]? periods = null;
            string? name = null;
            if (entry.ValueKind == JsonValueKind.String)
            {
                date = ReadDate(entry, path);
            }
            else
            {
                var fields = Properties(entry, path, ["name", "date", "periods"]);
                name = OptionalString(fields, "name", path);
                if (!fields.TryGetValue("date", out var dateElement))
                {
                    throw Problem(path, "needs \"date\" in yyyy-MM-dd form.");
                }

                date = ReadDate(dateElement, $"{path}.date");
                if (fields.TryGetValue("periods", out var periodsElement))
                {
                    periods = ReadPeriods(periodsElement, $"{path}.periods");
                    if (periods.Length == 0)
                    {
                        throw Problem($"{path}.periods", "is empty; a makeup working day needs hours (leave \"periods\" out for the standard day).");
                    }
                }
            }

            if (holidays.TryGetValue(date, out var holiday))
            {
                throw Problem(path, $"{BusinessCalendar.Iso(date)} is also a holiday in {holiday}; a day is either off or worked.");
            }

            if (!seen.TryAdd(date, path))
            {
                throw Problem(path, $"{BusinessCalendar.Iso(date)} is already a makeup working day in {seen[date]}.");
            }

            if (name is not null)
            {
                dayNames[date] = name;
            }

            makeupDays.Add(new MakeupWorkday(date, periods));
        }

        return makeupDays;
    }

    private static IEnumerable<(JsonElement Entry, string Path)> Entries(Dictionary<string, JsonElement> properties, string property)
    {
        if (!properties.TryGetValue(property, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Problem(property, "must be a list.");
        }

        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{property}[{index++}]");
            if (entry.ValueKind is not (JsonValueKind.Object or JsonValueKind.String))
            {
                throw Problem(path, "must be a date string or an object with a date.");
            }

            yield return (entry, path);
        }
    }

    private static WorkingPeriod[] ReadPeriods(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Problem(path, "must be a list of periods such as [\"09:00-12:00\", \"13:30-18:00\"] (empty for a day off).");
        }

        var periods = new List<WorkingPeriod>();
        foreach (var item in element.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText();
            if (!WorkingPeriod.TryParse(text, out var period, out var problem))
            {
                throw Problem(path, problem);
            }

            periods.Add(period);
        }

        if (WorkingPeriod.FindProblem(periods) is { } overlap)
        {
            throw Problem(path, overlap);
        }

        return [.. periods];
    }

    private static DateOnly ReadDate(JsonElement element, string path)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw Problem(path, $"'{text}' is not a date in yyyy-MM-dd form.");
        }

        return date;
    }

    /// <summary>An object's properties, refusing unknown names (a misspelt key would otherwise be silently ignored) and repeats.</summary>
    private static Dictionary<string, JsonElement> Properties(JsonElement element, string path, string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Problem(path, "must be an object.");
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Problem(path, $"unknown property '{property.Name}'; expected {string.Join(", ", known)}.");
            }

            if (!properties.TryAdd(property.Name, property.Value))
            {
                throw Problem(path, $"property '{property.Name}' appears twice.");
            }
        }

        return properties;
    }

    private static string? OptionalString(Dictionary<string, JsonElement> properties, string property, string? parent = null)
    {
        if (!properties.TryGetValue(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Problem(parent is null ? property : $"{parent}.{property}", "must be a string.");
    }

    private static FormatException Problem(string path, string problem) => new($"Calendar data: {path}: {problem}");
}
