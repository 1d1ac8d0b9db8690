using Kefu.Domain.Agents;

namespace Kefu.Domain.Tests.Agents;

public sealed class AgentLockoutTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero));
    private readonly Agent _agent = new() { AgentNumber = "KF0042", DisplayName = "小王", Email = "wang@example.com" };

    [Fact]
    public void Lockout_Policy_IsFiveFailuresForFifteenMinutes()
    {
        Agent.MaxFailedSignIns.ShouldBe(5);
        Agent.LockoutDuration.ShouldBe(TimeSpan.FromMinutes(15));
    }

    [Fact]
    public void RecordFailedSignIn_FourFailures_DoesNotLock()
    {
        FailTimes(4);

        _agent.FailedSignIns.ShouldBe(4);
        _agent.LockedUntil.ShouldBeNull();
        _agent.IsLockedOut(_time.GetUtcNow()).ShouldBeFalse();
    }

    [Fact]
    public void RecordFailedSignIn_FifthFailure_LocksForFifteenMinutesFromThatFailure()
    {
        FailTimes(5);
        var fifth = _time.GetUtcNow();

        _agent.LockedUntil.ShouldBe(fifth.AddMinutes(15));
        _agent.FailedSignIns.ShouldBe(0);
        _agent.IsLockedOut(fifth).ShouldBeTrue();

        _time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1));
        _agent.IsLockedOut(_time.GetUtcNow()).ShouldBeTrue();

        _time.Advance(TimeSpan.FromTicks(1));
        _agent.IsLockedOut(_time.GetUtcNow()).ShouldBeFalse();
    }

    [Fact]
    public void IsLockedOut_AfterLockoutExpires_NeedsFiveNewFailuresToLockAgain()
    {
        FailTimes(5);
        _time.Advance(TimeSpan.FromMinutes(16));

        FailTimes(4);
        _agent.IsLockedOut(_time.GetUtcNow()).ShouldBeFalse();

        FailTimes(1);
        _agent.IsLockedOut(_time.GetUtcNow()).ShouldBeTrue();
        _agent.LockedUntil.ShouldBe(_time.GetUtcNow().AddMinutes(15));
    }

    [Fact]
    public void RecordSuccessfulSignIn_AfterFourFailures_StartsTheCountAgain()
    {
        FailTimes(4);

        _agent.RecordSuccessfulSignIn();
        FailTimes(4);

        _agent.FailedSignIns.ShouldBe(4);
        _agent.IsLockedOut(_time.GetUtcNow()).ShouldBeFalse();
    }

    [Fact]
    public void RecordSuccessfulSignIn_WhileLocked_ClearsTheLock()
    {
        FailTimes(5);

        _agent.RecordSuccessfulSignIn();

        _agent.LockedUntil.ShouldBeNull();
        _agent.FailedSignIns.ShouldBe(0);
        _agent.IsLockedOut(_time.GetUtcNow()).ShouldBeFalse();
    }

    [Fact]
    public void IsLockedOut_NeverFailed_IsFalse()
    {
        _agent.IsLockedOut(_time.GetUtcNow()).ShouldBeFalse();
    }

    [Fact]
    public void RecordFailedSignIn_FailuresFurtherApartThanTheWindow_DoNotAddUp()
    {
        FailTimes(4);
        _time.Advance(Agent.FailureWindow + TimeSpan.FromSeconds(1));
        _agent.RecordFailedSignIn(_time.GetUtcNow());

        _agent.FailedSignIns.ShouldBe(1);
        _agent.IsLockedOut(_time.GetUtcNow()).ShouldBeFalse();
    }

    [Fact]
    public void RecordFailedSignIn_FifthFailureJustInsideTheWindow_Locks()
    {
        FailTimes(4);
        _time.Advance(Agent.FailureWindow);
        _agent.RecordFailedSignIn(_time.GetUtcNow());

        _agent.IsLockedOut(_time.GetUtcNow()).ShouldBeTrue();
    }

    private void FailTimes(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            _agent.RecordFailedSignIn(_time.GetUtcNow());
        }
    }
}
