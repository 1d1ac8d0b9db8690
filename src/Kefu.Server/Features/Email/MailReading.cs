using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Kefu.Domain.Email;
using Kefu.Domain.Tickets;
using Kefu.Server.Features.Attachments;
using Kefu.Server.Features.Tickets;
using MimeKit;

namespace Kefu.Server.Features.Email;

/// <summary>A file found in a mail that passed the checks, with the type read from its bytes.</summary>
public sealed record MailFile(string FileName, string ContentType, byte[] Content);

/// <summary>What of a received mail goes on a ticket: the new text, and files that passed the checks.</summary>
public sealed record MailContent(string Text, IReadOnlyList<MailFile> Files, string? Rejection);

/// <summary>Turns a MIME message into the text the customer wrote this time and the files they sent.</summary>
public static class MailReading
{
    private const int SniffBytes = 512;

    public static MailFacts Facts(MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var reportType = mail.Body is MultipartReport report ? report.ReportType : mail.Body?.ContentType.Parameters["report-type"];
        return new MailFacts(
            mail.From.Mailboxes.FirstOrDefault()?.Address,
            mail.Subject,
            [.. mail.Headers.Select(h => new KeyValuePair<string, string>(h.Field, h.Value))],
            mail.Body?.ContentType.MimeType,
            reportType);
    }

    /// <summary>The machine-readable delivery reports a bounce carries, as text.</summary>
    public static IEnumerable<string> DeliveryReports(MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        foreach (var part in mail.BodyParts.OfType<MessageDeliveryStatus>())
        {
            using var buffer = new MemoryStream();
            part.Content?.DecodeTo(buffer);
            yield return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    public static MailContent Read(MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var text = mail.TextBody is { } plain && !string.IsNullOrWhiteSpace(plain)
            ? plain
            : mail.HtmlBody is { } html ? HtmlToText(html) : "";
        text = QuotedHistory.Strip(text);

        var files = new List<MailFile>();
        foreach (var entity in mail.Attachments)
        {
            if (files.Count == AddCustomerMessage.MaxAttachmentsPerMessage)
            {
                return new MailContent(text, [], $"more than {AddCustomerMessage.MaxAttachmentsPerMessage} attachments");
            }

            var (name, content) = Decode(entity);
            if (content.Length == 0)
            {
                continue;
            }

            if (content.Length > Attachment.MaxBytes)
            {
                return new MailContent(text, [], $"attachment '{name}' is {content.Length} bytes, more than the {Attachment.MaxBytes} allowed");
            }

            var type = ContentSniffer.Detect(content.AsSpan(0, Math.Min(SniffBytes, content.Length)));
            if (type is null)
            {
                return new MailContent(text, [], $"attachment '{name}' is not an image, PDF or plain text (declared {entity.ContentType.MimeType})");
            }

            files.Add(new MailFile(name, type, content));
        }

        return new MailContent(text, files, null);
    }

    private static (string Name, byte[] Content) Decode(MimeEntity entity)
    {
        using var buffer = new MemoryStream();
        string? name;
        if (entity is MessagePart message)
        {
            message.Message?.WriteTo(buffer);
            name = entity.ContentDisposition?.FileName ?? "message.eml";
        }
        else if (entity is MimePart part && part.Content is not null)
        {
            part.Content.DecodeTo(buffer);
            name = part.FileName;
        }
        else
        {
            name = null;
        }

        return (AttachmentEndpoints.SafeFileName(name), buffer.ToArray());
    }

    /// <summary>
    /// Text of an HTML mail from the parsed document, never from markup run or rendered: scripts and styles are
    /// dropped, blocks become lines, and quoted blocks become "> " lines so the history is cut like a plain mail's.
    /// </summary>
    public static string HtmlToText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        var output = new StringBuilder();
        if (document.Body is { } body)
        {
            Write(body, output, quoteDepth: 0);
        }

        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd());
        var collapsed = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0 && (collapsed.Count == 0 || collapsed[^1].Length == 0))
            {
                continue;
            }

            collapsed.Add(line);
        }

        return string.Join('\n', collapsed).Trim();
    }

    private static readonly HashSet<string> Skipped = ["SCRIPT", "STYLE", "HEAD", "TITLE", "TEMPLATE", "NOSCRIPT", "IFRAME", "OBJECT", "SVG"];
    private static readonly HashSet<string> Blocks = ["P", "DIV", "LI", "TR", "H1", "H2", "H3", "H4", "H5", "H6", "TABLE", "UL", "OL", "PRE", "HR", "SECTION", "ARTICLE", "HEADER", "FOOTER"];

    private static void Write(INode node, StringBuilder output, int quoteDepth)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    var value = string.Join(' ', text.Data.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
                    if (value.Length > 0)
                    {
                        if (output.Length > 0 && output[^1] == '\n' && quoteDepth > 0)
                        {
                            output.Append(new string('>', quoteDepth)).Append(' ');
                        }
                        else if (output.Length > 0 && !char.IsWhiteSpace(output[^1]) && char.IsWhiteSpace(text.Data[0]))
                        {
                            output.Append(' ');
                        }

                        output.Append(value);
                        if (char.IsWhiteSpace(text.Data[^1]))
                        {
                            output.Append(' ');
                        }
                    }

                    break;
                case IElement element when Skipped.Contains(element.TagName):
                    break;
                case IElement { TagName: "BR" }:
                    output.Append('\n');
                    break;
                case IElement element:
                    var isQuote = element.TagName == "BLOCKQUOTE";
                    var isBlock = isQuote || Blocks.Contains(element.TagName);
                    if (isBlock && output.Length > 0 && output[^1] != '\n')
                    {
                        output.Append('\n');
                    }

                    Write(element, output, isQuote ? quoteDepth + 1 : quoteDepth);
                    if (isBlock && output.Length > 0 && output[^1] != '\n')
                    {
                        output.Append('\n');
                    }

                    break;
            }
        }
    }
}
