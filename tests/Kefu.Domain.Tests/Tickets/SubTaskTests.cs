using Kefu.Domain.Tickets;

namespace Kefu.Domain.Tests.Tickets;

public sealed class SubTaskTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static SubTask Task(DateTimeOffset? due = null) => new() { Id = Guid.NewGuid(), Title = "财务核对退款", DueAt = due, CreatedAt = Now };

    [Fact]
    public void Complete_Twice_KeepsTheFirstTimeAndPerson()
    {
        var task = Task();
        var first = Guid.NewGuid();
        task.Complete(first, Now).ShouldBeTrue();
        task.Complete(Guid.NewGuid(), Now.AddHours(1)).ShouldBeFalse();
        task.DoneAt.ShouldBe(Now);
        task.DoneByAgentId.ShouldBe(first);
    }

    [Fact]
    public void Reopen_DoneTask_IsOpenAgain()
    {
        var task = Task();
        task.Reopen().ShouldBeFalse();
        task.Complete(Guid.NewGuid(), Now);
        task.Reopen().ShouldBeTrue();
        task.IsDone.ShouldBeFalse();
        task.DoneByAgentId.ShouldBeNull();
    }

    [Fact]
    public void IsOverdue_PastDueAndOpen_OnlyThen()
    {
        var task = Task(Now.AddHours(1));
        task.IsOverdue(Now).ShouldBeFalse();
        task.IsOverdue(Now.AddHours(1)).ShouldBeTrue();
        task.Complete(Guid.NewGuid(), Now.AddHours(2));
        task.IsOverdue(Now.AddHours(3)).ShouldBeFalse();
    }
}
