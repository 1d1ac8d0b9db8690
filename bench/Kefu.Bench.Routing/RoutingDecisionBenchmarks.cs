using BenchmarkDotNet.Attributes;

using Kefu.Domain.Routing;
using Kefu.Domain.Tickets;

namespace Kefu.Bench.Routing;

/// <summary>
/// One routing decision as the server makes it for a new chat: the rules pick a team, then placement walks the
/// overflow chain and picks an agent. Recording gives the work back at once, so loads stay as set up.
/// </summary>
[MemoryDiagnoser]
public class RoutingDecisionBenchmarks
{
    private static readonly TeamBacklog EmptyBacklog = new([], TimeSpan.FromMinutes(6));

    private readonly RoutingWorkspace _workspace = new();
    private AgentBoard _board = null!;

    /// <summary>Matches rule 45 of 50 on a keyword in a 300-character Chinese message: most rules are tried first.</summary>
    private readonly RoutingRequest _lateKeywordMatch = new()
    {
        CategoryCode = "membership",
        CategorySource = CategorySource.Classifier,
        ClassifierConfidence = 0.9,
        Channel = Channel.App,
        VipLevel = 1,
        Language = "zh-CN",
        Subject = "订单付款后一直显示待发货",
        Text = string.Concat(Enumerable.Repeat("您好，我上周在店里买的东西到现在还没有动静，客服也一直不回复，", 9)) + "快递还没收到。",
    };

    /// <summary>No rule matches: every rule is tried and the default team takes it.</summary>
    private readonly RoutingRequest _noMatch = new()
    {
        CategoryCode = "other",
        CategorySource = CategorySource.Customer,
        Channel = Channel.Phone,
        Language = "zh-CN",
        Subject = "咨询",
        Text = "你好，请问营业时间是几点？",
    };

    private readonly WorkItem _chat = new() { Id = Guid.CreateVersion7(RoutingWorkspace.Now), Kind = WorkKind.Chat, VipLevel = 1, WaitingSince = RoutingWorkspace.Now };

    [GlobalSetup]
    public void CheckTheRequestsDoWhatTheirNamesSay()
    {
        if (_workspace.Rules.Decide(_lateKeywordMatch).MatchedRulePosition != 45 || _workspace.Rules.Decide(_noMatch).MatchedRule is not null)
        {
            throw new InvalidOperationException("The benchmark requests no longer match the rules they are meant to.");
        }

        _board = new AgentBoard(_workspace.Agents);
    }

    [Benchmark]
    public RoutingDecision RulesLateKeywordMatch() => _workspace.Rules.Decide(_lateKeywordMatch);

    [Benchmark]
    public RoutingDecision RulesNoMatch() => _workspace.Rules.Decide(_noMatch);

    [Benchmark(Baseline = true)]
    public Placement DecideAndPlace()
    {
        var decision = _workspace.Rules.Decide(_lateKeywordMatch);
        return OverflowPlacement.Place(_chat, decision.TeamId, _workspace.Directory, _board, _ => EmptyBacklog, RoutingWorkspace.Now);
    }

    [Benchmark]
    public Placement DecideAndPlaceThenRecord()
    {
        var decision = _workspace.Rules.Decide(_lateKeywordMatch);
        var placement = OverflowPlacement.Place(_chat, decision.TeamId, _workspace.Directory, _board, _ => EmptyBacklog, RoutingWorkspace.Now);
        if (placement.Agent is { } pick)
        {
            _board.RecordAssignment(pick.Agent.AgentId, WorkKind.Chat, RoutingWorkspace.Now);
            _board.RecordRelease(pick.Agent.AgentId, WorkKind.Chat);
        }

        return placement;
    }
}
