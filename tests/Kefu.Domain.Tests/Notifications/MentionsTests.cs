using Kefu.Domain.Notifications;

namespace Kefu.Domain.Tests.Notifications;

public sealed class MentionsTests
{
    private static readonly MentionTarget LiNa = new(Guid.NewGuid(), "1003", "李娜");
    private static readonly MentionTarget LiNaNa = new(Guid.NewGuid(), "1010", "李娜娜");
    private static readonly MentionTarget Wang = new(Guid.NewGuid(), "1004", "Wang Fang");
    private static readonly MentionTarget[] Colleagues = [LiNa, LiNaNa, Wang];

    [Fact]
    public void Find_AgentNumber_MentionsThatAgent() =>
        Mentions.Find("请 @1004 核对一下退款", Colleagues).ShouldBe([Wang]);

    [Fact]
    public void Find_ChineseNameWithoutSpace_MentionsTheLongestMatchingName()
    {
        Mentions.Find("@李娜看一下", Colleagues).ShouldBe([LiNa]);
        Mentions.Find("@李娜娜看一下", Colleagues).ShouldBe([LiNaNa]);
    }

    [Fact]
    public void Find_NumberRunningOnIntoDigits_IsNoMention() =>
        Mentions.Find("@10031 不是工号", Colleagues).ShouldBeEmpty();

    [Fact]
    public void Find_EmailAddress_IsNoMention() =>
        Mentions.Find("客户邮箱 wang@1004.cn", Colleagues).ShouldBeEmpty();

    [Fact]
    public void Find_SameColleagueTwice_NamesThemOnce() =>
        Mentions.Find("@1003 和 @李娜 是同一个人，@wang fang 也看看", Colleagues).ShouldBe([LiNa, Wang]);
}
