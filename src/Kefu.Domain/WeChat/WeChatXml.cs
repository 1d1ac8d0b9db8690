using System.Globalization;
using System.Security;
using System.Text;
using System.Xml;

namespace Kefu.Domain.WeChat;

/// <summary>One callback document: the flat children of &lt;xml&gt; WeChat sends (plain or inside &lt;Encrypt&gt;).</summary>
public sealed record WeChatMessage(
    string? ToUserName,
    string? FromUserName,
    long? CreateTime,
    string? MsgType,
    string? Content,
    string? PicUrl,
    string? MediaId,
    string? MsgId,
    string? Encrypt,
    string? AgentId)
{
    public bool IsText => MsgType == "text";

    public bool IsImage => MsgType == "image";
}

/// <summary>
/// Reads and writes WeChat's XML. Reading refuses DTDs (so no entity expansion and no external
/// entities), comments the size of a book, and anything that is not a flat list of elements.
/// </summary>
public static class WeChatXml
{
    /// <summary>A text message is at most 2,048 bytes; the rest of a callback is small. Room for encryption and image fields.</summary>
    public const int MaxCharacters = 32 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <exception cref="WeChatXmlException">The document is malformed, carries a DTD, or is not WeChat's shape.</exception>
    public static WeChatMessage Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var text = new StringReader(xml);
            using var reader = XmlReader.Create(text, Settings);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.Name != "xml")
            {
                throw new WeChatXmlException("The document's root is not <xml>.");
            }

            if (reader.IsEmptyElement)
            {
                throw new WeChatXmlException("The document is empty.");
            }

            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    throw new WeChatXmlException("Only elements may appear inside <xml>.");
                }

                var name = reader.Name;
                string value;
                if (reader.IsEmptyElement)
                {
                    value = "";
                    reader.Read();
                }
                else
                {
                    value = reader.ReadElementContentAsString();
                }

                if (!fields.TryAdd(name, value))
                {
                    throw new WeChatXmlException($"<{name}> appears twice.");
                }
            }

            reader.ReadEndElement();
            if (!reader.EOF && reader.NodeType != XmlNodeType.None)
            {
                throw new WeChatXmlException("Content follows the root element.");
            }
        }
        catch (XmlException ex)
        {
            throw new WeChatXmlException("Malformed XML: " + ex.Message);
        }

        long? createTime = null;
        if (fields.TryGetValue("CreateTime", out var created))
        {
            createTime = long.TryParse(created, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw new WeChatXmlException("<CreateTime> is not a number of seconds.");
        }

        return new WeChatMessage(
            Field(fields, "ToUserName"), Field(fields, "FromUserName"), createTime, Field(fields, "MsgType"), Field(fields, "Content"),
            Field(fields, "PicUrl"), Field(fields, "MediaId"), Field(fields, "MsgId"), Field(fields, "Encrypt"), Field(fields, "AgentID"));
    }

    /// <summary>The envelope a safe-mode reply travels in.</summary>
    public static string EncryptedEnvelope(string encrypted, string signature, string timestamp, string nonce) =>
        new StringBuilder("<xml>")
            .Append("<Encrypt>").Append(CData(encrypted)).Append("</Encrypt>")
            .Append("<MsgSignature>").Append(CData(signature)).Append("</MsgSignature>")
            .Append("<TimeStamp>").Append(SecurityElement.Escape(timestamp)).Append("</TimeStamp>")
            .Append("<Nonce>").Append(CData(nonce)).Append("</Nonce>")
            .Append("</xml>").ToString();

    /// <summary>A plain-text message document, as WeChat would send it (used to build the encrypted form too).</summary>
    public static string TextMessage(string toUser, string fromUser, long createTime, string content, string msgId) =>
        new StringBuilder("<xml>")
            .Append("<ToUserName>").Append(CData(toUser)).Append("</ToUserName>")
            .Append("<FromUserName>").Append(CData(fromUser)).Append("</FromUserName>")
            .Append("<CreateTime>").Append(createTime.ToString(CultureInfo.InvariantCulture)).Append("</CreateTime>")
            .Append("<MsgType><![CDATA[text]]></MsgType>")
            .Append("<Content>").Append(CData(content)).Append("</Content>")
            .Append("<MsgId>").Append(SecurityElement.Escape(msgId)).Append("</MsgId>")
            .Append("</xml>").ToString();

    /// <summary>CDATA cannot hold "]]&gt;", so such a value is split across two sections.</summary>
    private static string CData(string value) => "<![CDATA[" + value.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal) + "]]>";

    private static string? Field(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}

public sealed class WeChatXmlException(string message) : Exception(message);
