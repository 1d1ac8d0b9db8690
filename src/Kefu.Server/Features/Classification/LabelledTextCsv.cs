using System.Text;
using Kefu.Domain.Classification;

namespace Kefu.Server.Features.Classification;

/// <summary>Reads `text,label` CSV files (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF).</summary>
public static class LabelledTextCsv
{
    public static async Task<List<LabelledText>> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken);
        return Parse(content);
    }

    public static List<LabelledText> Parse(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var records = ParseRecords(content);
        if (records.Count == 0)
        {
            throw new FormatException("The CSV has no header.");
        }

        var header = records[0].Select(h => h.Trim()).ToList();
        var textColumn = header.FindIndex(h => h.Equals("text", StringComparison.OrdinalIgnoreCase));
        var labelColumn = header.FindIndex(h => h.Equals("label", StringComparison.OrdinalIgnoreCase));
        if (textColumn < 0 || labelColumn < 0)
        {
            throw new FormatException("The CSV header must name a 'text' and a 'label' column.");
        }

        var examples = new List<LabelledText>(records.Count - 1);
        for (var r = 1; r < records.Count; r++)
        {
            var record = records[r];
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue;
            }

            if (record.Count <= Math.Max(textColumn, labelColumn))
            {
                throw new FormatException($"CSV record {r + 1} has {record.Count} fields; the header has {header.Count}.");
            }

            examples.Add(new LabelledText(record[textColumn], record[labelColumn].Trim()));
        }

        return examples;
    }

    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    private static List<List<string>> ParseRecords(string content)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = content.Length > 0 && content[0] == '\uFEFF' ? 1 : 0;
        var quoted = false;
        var fieldStarted = false;
        for (; i < content.Length; i++)
        {
            var c = content[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < content.Length && content[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && field.Length == 0 && !fieldStarted)
            {
                quoted = true;
                fieldStarted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
                fieldStarted = false;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < content.Length && content[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                records.Add(record);
                record = [];
                field.Clear();
                fieldStarted = false;
            }
            else
            {
                field.Append(c);
                fieldStarted = true;
            }
        }

        if (quoted)
        {
            throw new FormatException("The CSV ends inside a quoted field.");
        }

        if (fieldStarted || field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
