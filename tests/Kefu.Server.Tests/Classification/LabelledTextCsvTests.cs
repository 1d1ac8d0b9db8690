using Kefu.Server.Features.Classification;

namespace Kefu.Server.Tests.Classification;

public sealed class LabelledTextCsvTests
{
    [Fact]
    public void Parse_QuotedFieldsWithCommasQuotesAndLineBreaks_ReadAsWritten()
    {
        var csv = "\uFEFFtext,label\r\n"
            + "plain text,a\r\n"
            + "\"订单12345,还没退款\",refund\r\n"
            + "\"she said \"\"hello\"\", then left\",oos\r\n"
            + "\"two\r\nlines\",b\n"
            + "\"\",empty\r\n"
            + "last row without newline,c";

        var rows = LabelledTextCsv.Parse(csv);

        rows.Select(r => (r.Text, r.Label)).ShouldBe(
        [
            ("plain text", "a"),
            ("订单12345,还没退款", "refund"),
            ("she said \"hello\", then left", "oos"),
            ("two\r\nlines", "b"),
            ("", "empty"),
            ("last row without newline", "c"),
        ]);
    }

    [Fact]
    public void Parse_ColumnsInOtherOrder_FoundByHeader()
    {
        var rows = LabelledTextCsv.Parse("label,text\nrefund,\"退款,谢谢\"\n");

        rows.ShouldHaveSingleItem().ShouldBe(new Kefu.Domain.Classification.LabelledText("退款,谢谢", "refund"));
    }

    [Theory]
    [InlineData("words,label\nhello,a\n")]
    [InlineData("text,label\n\"unterminated,a\n")]
    [InlineData("text,label\nonly-one-field\n")]
    public void Parse_MalformedFile_Refused(string csv)
    {
        Should.Throw<FormatException>(() => LabelledTextCsv.Parse(csv));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    public void Quote_FieldNeedingIt_QuotedRoundTrips(string field, string expected)
    {
        LabelledTextCsv.Quote(field).ShouldBe(expected);
        LabelledTextCsv.Parse($"text,label\n{LabelledTextCsv.Quote(field)},x\n").ShouldHaveSingleItem().Text.ShouldBe(field);
    }
}
