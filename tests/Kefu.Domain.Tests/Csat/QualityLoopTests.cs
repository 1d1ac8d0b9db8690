using Kefu.Domain.Csat;
using Kefu.Domain.Tickets;

namespace Kefu.Domain.Tests.Csat;

public sealed class QualityLoopTests
{
    private static readonly DateTimeOffset Solved = new(2026, 3, 9, 17, 0, 0, TimeSpan.FromHours(8));

    private static CsatSurvey Survey() =>
        CsatSurvey.ForCycle(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 7, 1, [Guid.NewGuid()], Solved, QualitySettings.DefaultCsatLinkDelay);

    [Fact]
    public void Survey_LinkDue_IsTheDelayAfterTheSolve() => Survey().LinkDueAt.ShouldBe(Solved.AddHours(24));

    [Fact]
    public void Answer_Second_IsRefusedAndKeepsTheFirst()
    {
        var survey = Survey();

        survey.Answer(2, "  太慢了 ", "chat", Solved.AddMinutes(1)).ShouldBe(CsatAnswerOutcome.Recorded);
        survey.Answer(5, "改主意", "link", Solved.AddMinutes(2)).ShouldBe(CsatAnswerOutcome.AlreadyAnswered);

        survey.Rating.ShouldBe(2);
        survey.Comment.ShouldBe("太慢了");
        survey.AnsweredVia.ShouldBe("chat");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Answer_RatingOutsideOneToFive_Throws(int rating) =>
        Should.Throw<ArgumentOutOfRangeException>(() => Survey().Answer(rating, null, "chat", Solved));

    [Fact]
    public void Answer_OverlongComment_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Survey().Answer(3, new string('长', CsatSurvey.MaxCommentLength + 1), "chat", Solved));

    [Theory]
    [InlineData(TicketStatus.Open, 0, CustomerReplyTarget.SameTicket)]
    [InlineData(TicketStatus.WaitingOnCustomer, 0, CustomerReplyTarget.SameTicket)]
    [InlineData(TicketStatus.Solved, 24 * 7, CustomerReplyTarget.Reopen)]
    [InlineData(TicketStatus.Solved, 24 * 7 + 1, CustomerReplyTarget.FollowOnTicket)]
    [InlineData(TicketStatus.Closed, 1, CustomerReplyTarget.FollowOnTicket)]
    public void ReopenWindow_DecidesByStatusAndTimeSinceSolve(TicketStatus status, int hoursLater, CustomerReplyTarget expected) =>
        ReopenWindow.Decide(status, status is TicketStatus.Solved or TicketStatus.Closed ? Solved : null, Solved.AddHours(hoursLater), QualitySettings.DefaultReopenWindow)
            .ShouldBe(expected);

    [Fact]
    public void FollowUpRules_MatchTheirOccasionOnly()
    {
        FollowUpRule[] rules =
        [
            new(FollowUpTrigger.LowRating, MaxRating: 2, null, 24, null),
            new(FollowUpTrigger.CategorySolved, null, "refund", 48, null),
            new(FollowUpTrigger.CompensationOffered, null, null, 72, null),
        ];

        FollowUpRules.Matching(rules, new FollowUpOccasion.Rated(2)).ShouldHaveSingleItem().Trigger.ShouldBe(FollowUpTrigger.LowRating);
        FollowUpRules.Matching(rules, new FollowUpOccasion.Rated(3)).ShouldBeEmpty();
        FollowUpRules.Matching(rules, new FollowUpOccasion.Solved("REFUND")).ShouldHaveSingleItem().DueWithinHours.ShouldBe(48);
        FollowUpRules.Matching(rules, new FollowUpOccasion.Solved("account")).ShouldBeEmpty();
        FollowUpRules.Matching(rules, new FollowUpOccasion.Compensated()).ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(FollowUpTrigger.LowRating, null, null, 24)]
    [InlineData(FollowUpTrigger.LowRating, 5, null, 24)]
    [InlineData(FollowUpTrigger.CategorySolved, null, " ", 24)]
    [InlineData(FollowUpTrigger.CompensationOffered, null, null, 0)]
    public void FollowUpRule_Incomplete_HasAProblem(FollowUpTrigger trigger, int? maxRating, string? category, double hours) =>
        new FollowUpRule(trigger, maxRating, category, hours, null).Problem().ShouldNotBeNull();

    [Fact]
    public void FollowUpTask_ClosedTwice_SecondChangesNothing()
    {
        var task = new FollowUpTask { Id = Guid.NewGuid(), DueAt = Solved.AddDays(1), CreatedAt = Solved };
        var agent = Guid.NewGuid();

        task.Close(FollowUpStatus.Done, agent, "已回访，客户满意", Solved.AddHours(2)).ShouldBeTrue();
        task.Close(FollowUpStatus.Cancelled, Guid.NewGuid(), null, Solved.AddHours(3)).ShouldBeFalse();

        task.Status.ShouldBe(FollowUpStatus.Done);
        task.ClosedBy.ShouldBe(agent);
    }

    [Theory]
    [InlineData(CompensationKind.Coupon, 20.5, "CNY", "物流延误", 0)]
    [InlineData(CompensationKind.Priority, 0, "CNY", "优先处理", 0)]
    [InlineData(CompensationKind.Refund, 0, "CNY", "退款", 1)]
    [InlineData(CompensationKind.Coupon, 10.001, "CNY", "x", 1)]
    [InlineData(CompensationKind.Coupon, 10, "rmb", "x", 1)]
    [InlineData(CompensationKind.Coupon, 10, "CNY", "", 1)]
    public void CompensationOffer_Check_FindsEachProblem(CompensationKind kind, double amount, string currency, string reason, int problems) =>
        CompensationOffer.Check(kind, (decimal)amount, currency, reason).Count.ShouldBe(problems);
}
