using Kefu.Domain.Intake.Facts;

using static Kefu.Domain.Tests.Intake.Facts.Extraction;

namespace Kefu.Domain.Tests.Intake.Facts;

public sealed class ContactExtractionTests
{
    public static TheoryData<string, string, string> Phones() => new()
    {
        { "我的手机号13800138000", "13800138000", "13800138000" },
        { "手机：138 0013 8000", "13800138000", "138 0013 8000" },
        { "电话138-0013-8000，随时打", "13800138000", "138-0013-8000" },
        { "+86 139 1234 5678", "13912345678", "+86 139 1234 5678" },
        { "+8613912345678", "13912345678", "+8613912345678" },
        { "call me on (+86) 15900001111", "15900001111", "(+86) 15900001111" },
        { "号码１８６１２３４５６７８", "18612345678", "１８６１２３４５６７８" },
        { "办公室电话010-12345678", "010-12345678", "010-12345678" },
        { "座机 0755-86013388", "0755-86013388", "0755-86013388" },
        { "(021)62345678 找前台", "021-62345678", "(021)62345678" },
        { "021 6234 5678", "021-62345678", "021 6234 5678" },
        { "联系电话：02162345678", "021-62345678", "02162345678" },
    };

    [Theory]
    [MemberData(nameof(Phones))]
    public void Extract_Phone_NormalisesToDigits(string text, string value, string highlighted)
    {
        Single(text, FactKind.Phone, highlighted).Value.ShouldBe(value);
    }

    public static TheoryData<string> NotPhones() =>
    [
        "手机尾号3372",
        "电话185****0932",
        "12800138000",
        "订单202613800138000",
        "02162345678",
        "2026-06-10",
        "任务号 7720",
    ];

    [Theory]
    [MemberData(nameof(NotPhones))]
    public void Extract_NumberThatIsNotADialablePhone_IsNoPhone(string text)
    {
        Of(text, FactKind.Phone).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("开好后发到我邮箱li.lei@example.com就行", "li.lei@example.com", "li.lei@example.com")]
    [InlineData("email me at Bob.Smith+kefu@Corp.CN.", "Bob.Smith+kefu@corp.cn", "Bob.Smith+kefu@Corp.CN")]
    [InlineData("邮箱：12345678@qq.com", "12345678@qq.com", "12345678@qq.com")]
    public void Extract_Email_LowercasesTheDomainOnly(string text, string value, string highlighted)
    {
        var facts = Read(text);

        Single(facts, text, FactKind.Email, highlighted).Value.ShouldBe(value);
        facts.ShouldHaveSingleItem();
    }
}
