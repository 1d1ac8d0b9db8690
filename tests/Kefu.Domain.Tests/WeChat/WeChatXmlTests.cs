using Kefu.Domain.WeChat;

namespace Kefu.Domain.Tests.WeChat;

public sealed class WeChatXmlTests
{
    [Fact]
    public void Parse_TextMessage_ReadsEveryField()
    {
        var message = WeChatXml.Parse(
            "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1348831860</CreateTime>"
            + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[退款还没到账 <b>]]></Content><MsgId>1234567890123456</MsgId></xml>");

        message.ShouldBe(new WeChatMessage("gh_1", "oUser", 1348831860, "text", "退款还没到账 <b>", null, null, "1234567890123456", null, null));
        message.IsText.ShouldBeTrue();
    }

    [Fact]
    public void Parse_ImageMessage_ReadsMediaIdAndPicUrl()
    {
        var message = WeChatXml.Parse(
            "<xml><ToUserName>gh_1</ToUserName><FromUserName>oUser</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType>"
            + "<PicUrl>https://mmbiz.example/p.jpg</PicUrl><MediaId>media-1</MediaId><MsgId>42</MsgId></xml>");

        message.IsImage.ShouldBeTrue();
        message.MediaId.ShouldBe("media-1");
        message.PicUrl.ShouldBe("https://mmbiz.example/p.jpg");
    }

    [Fact]
    public void TextMessage_ContentWithCDataTerminator_SurvivesTheRoundTrip()
    {
        var xml = WeChatXml.TextMessage("gh_1", "oUser", 5, "a]]>b<c>&d", "7");

        WeChatXml.Parse(xml).Content.ShouldBe("a]]>b<c>&d");
    }

    [Theory]
    [InlineData("<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><Content>&xxe;</Content></xml>")]
    [InlineData("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]><xml><Content>&lol2;</Content></xml>")]
    [InlineData("<xml><Content>unclosed</xml>")]
    [InlineData("<xml><Content><b>nested</b></Content></xml>")]
    [InlineData("<other><Content>x</Content></other>")]
    [InlineData("<xml/>")]
    [InlineData("<xml><MsgType>text</MsgType><MsgType>image</MsgType></xml>")]
    [InlineData("<xml><CreateTime>yesterday</CreateTime></xml>")]
    [InlineData("<xml><CreateTime>-5</CreateTime></xml>")]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("{\"json\":true}")]
    public void Parse_DtdEntitiesOrMalformedDocuments_AreRefused(string xml)
    {
        Should.Throw<WeChatXmlException>(() => WeChatXml.Parse(xml));
    }

    [Fact]
    public void Parse_DocumentBeyondTheLimit_IsRefused()
    {
        var xml = "<xml><Content>" + new string('啊', WeChatXml.MaxCharacters) + "</Content></xml>";

        Should.Throw<WeChatXmlException>(() => WeChatXml.Parse(xml));
    }

    [Fact]
    public void EncryptedEnvelope_ParsesBackToItsEncryptField()
    {
        var envelope = WeChatXml.EncryptedEnvelope("ZW5jcnlwdGVk", "abc", "1409735669", "n1");

        WeChatXml.Parse(envelope).Encrypt.ShouldBe("ZW5jcnlwdGVk");
    }
}
