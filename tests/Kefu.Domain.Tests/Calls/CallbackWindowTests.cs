using Kefu.Domain.Calls;

namespace Kefu.Domain.Tests.Calls;

public sealed class CallbackWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Check_TomorrowMorningForAnHour_IsAccepted()
    {
        CallbackWindow.Check(Now.AddDays(1), Now.AddDays(1).AddHours(1), Now).ShouldBeNull();
    }

    [Fact]
    public void Check_ExactlyFifteenMinutesEndingOnTheHorizon_IsAccepted()
    {
        CallbackWindow.Check(Now.AddDays(14).AddMinutes(-15), Now.AddDays(14), Now).ShouldBeNull();
    }

    [Theory]
    [InlineData(-60, 60, "windowStart")]
    [InlineData(0, 60, "windowStart")]
    [InlineData(10, 24, "windowEnd")]
    [InlineData(60, 30, "windowEnd")]
    [InlineData(14 * 24 * 60, 14 * 24 * 60 + 30, "windowEnd")]
    public void Check_PastShortInvertedOrTooFar_NamesTheField(int startMinutes, int endMinutes, string field)
    {
        CallbackWindow.Check(Now.AddMinutes(startMinutes), Now.AddMinutes(endMinutes), Now)!.Value.Field.ShouldBe(field);
    }

    [Fact]
    public void MarkAnswered_Twice_KeepsTheFirstCall()
    {
        var request = new CallbackRequest { PhoneNumber = "13800138000" };
        var first = Guid.NewGuid();

        request.MarkAnswered(first, Now);
        request.MarkAnswered(Guid.NewGuid(), Now.AddHours(1));

        request.IsOpen.ShouldBeFalse();
        request.AnsweredByCallId.ShouldBe(first);
        request.AnsweredAt.ShouldBe(Now);
    }
}
