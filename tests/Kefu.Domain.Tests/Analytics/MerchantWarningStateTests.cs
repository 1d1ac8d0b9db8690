using Kefu.Domain.Analytics;

namespace Kefu.Domain.Tests.Analytics;

public sealed class MerchantWarningStateTests
{
    [Fact]
    public void Flag_AfterAQuietWeek_IsANewJump_WithinItIsTheSameOne()
    {
        var state = MerchantWarningState.Start(Guid.CreateVersion7(), Guid.CreateVersion7(), day: 100, complaints: 30);

        state.Flag(100, 31).ShouldBeFalse("seen already today");
        state.Flag(103, 35).ShouldBeFalse("the same jump, still high");
        state.Flag(103 + MerchantWarningState.QuietDays, 20).ShouldBeFalse("flagged again within the quiet days");
        state.Flag(103 + (2 * MerchantWarningState.QuietDays) + 1, 25).ShouldBeTrue("a new jump after a quiet week");
        state.EpisodeStartDay.ShouldBe(103 + (2 * MerchantWarningState.QuietDays) + 1);
    }
}
