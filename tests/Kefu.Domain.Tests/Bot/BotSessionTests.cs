using Kefu.Domain.Bot;

namespace Kefu.Domain.Tests.Bot;

public class BotSessionTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private static BotSession Answering()
    {
        var session = new BotSession { Id = Guid.NewGuid(), TicketId = Guid.NewGuid(), Locale = "zh-CN", StartedAt = Now };
        session.RecordAnswer(Guid.NewGuid());
        return session;
    }

    [Fact]
    public void Vote_Helped_DeflectsAndEnds()
    {
        var session = Answering();

        session.Vote(BotVote.Helped, 2, Now).ShouldBe(BotStep.Deflect);

        session.State.ShouldBe(BotSessionState.Deflected);
        session.EndedAt.ShouldBe(Now);
        Should.Throw<InvalidOperationException>(() => session.RecordAnswer(Guid.NewGuid()));
    }

    [Fact]
    public void Vote_UnhelpfulBelowTheLimit_AsksAgain()
    {
        var session = Answering();

        session.Vote(BotVote.NotHelped, 2, Now).ShouldBe(BotStep.AskAgain);

        session.IsAnswering.ShouldBeTrue();
        session.OpenAnswerTurnId.ShouldBeNull();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Vote_UnhelpfulReachingTheLimit_HandsOff(int limit)
    {
        var session = Answering();
        for (var i = 1; i < limit; i++)
        {
            session.Vote(BotVote.NotHelped, limit, Now).ShouldBe(BotStep.AskAgain);
            session.RecordAnswer(Guid.NewGuid());
        }

        session.Vote(BotVote.NotHelped, limit, Now).ShouldBe(BotStep.HandOff);

        session.State.ShouldBe(BotSessionState.HandedOff);
        session.HandOffReason.ShouldBe(BotHandOffReason.UnhelpfulAnswers);
        session.UnhelpfulVotes.ShouldBe(limit);
    }

    [Theory]
    [InlineData("转人工", true)]
    [InlineData("我要人工客服", true)]
    [InlineData("Talk to a human please", true)]
    [InlineData("人工审核一般要多久才能通过，我已经提交三天了还是没有结果", false)]
    [InlineData("退款什么时候到", false)]
    public void AsksForHuman_ShortRequestOnly(string text, bool expected) => CustomerCues.AsksForHuman(text).ShouldBe(expected);

    [Theory]
    [InlineData("没用", true)]
    [InlineData("这个答非所问", true)]
    [InlineData("that did not help", true)]
    [InlineData("卡密没收到", false)]
    public void SaysUnhelpful_RecognisesShortComplaints(string text, bool expected) => CustomerCues.SaysUnhelpful(text).ShouldBe(expected);

    [Fact]
    public void HandOffNote_CarriesReasonTranscriptAndFacts()
    {
        var labels = new HandOffNote.Labels("【转人工】", "原因：", "对话：", "客户", "机器人", "信息：", "无");
        var note = HandOffNote.Compose(labels, "客户要求", [
            new(TranscriptSpeaker.Bot, "退款原路退回", Now.AddMinutes(1)),
            new(TranscriptSpeaker.Customer, "订单FS20261118-0032退款没到", Now),
        ], [new("OrderNumber", "FS20261118-0032")]);

        note.ShouldStartWith("【转人工】");
        note.ShouldContain("原因：客户要求");
        note.IndexOf("客户: 订单", StringComparison.Ordinal).ShouldBeLessThan(note.IndexOf("机器人: 退款", StringComparison.Ordinal));
        note.ShouldContain("- OrderNumber: FS20261118-0032");
    }

    [Fact]
    public void UnansweredQuestions_SimilarQuestions_AreGroupedBiggestFirst()
    {
        var groups = UnansweredQuestions.Group(
        [
            new("提现要手续费吗", "zh-CN", Now),
            new("你们公司地址在哪", "zh-CN", Now.AddMinutes(1)),
            new("提现手续费是多少", "zh-CN", Now.AddMinutes(2)),
            new("提现要收手续费吗？", "zh-CN", Now.AddMinutes(3)),
            new("Is there a withdrawal fee?", "en", Now.AddMinutes(4)),
        ], 10);

        groups[0].Count.ShouldBe(3);
        groups[0].Example.ShouldBe("提现要手续费吗");
        groups.Count.ShouldBe(3);
        groups.ShouldContain(g => g.Locale == "en" && g.Count == 1);
    }
}
