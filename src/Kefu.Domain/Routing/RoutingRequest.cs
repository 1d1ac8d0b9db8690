using Kefu.Domain.Tickets;

namespace Kefu.Domain.Routing;

/// <summary>Where a category came from: the customer's own choice is trusted, the classifier's only when it is confident.</summary>
public enum CategorySource
{
    None,
    Customer,
    Classifier,
}

/// <summary>What routing rules may look at for one new chat or ticket.</summary>
public sealed record RoutingRequest
{
    public string? CategoryCode { get; init; }
    public CategorySource CategorySource { get; init; }

    /// <summary>The classifier's confidence in <see cref="CategoryCode"/>, from 0 to 1, when it chose it.</summary>
    public double? ClassifierConfidence { get; init; }

    public Channel Channel { get; init; }
    public int VipLevel { get; init; }
    public Guid? MerchantId { get; init; }

    /// <summary>A language tag such as "zh-CN" or "en".</summary>
    public string? Language { get; init; }

    public string Subject { get; init; } = "";
    public string Text { get; init; } = "";

    /// <summary>The priority it arrives with (e.g. its category's default); a matching rule may replace it.</summary>
    public TicketPriority Priority { get; init; } = TicketPriority.Normal;
}

public enum RoutingReason
{
    /// <summary>A rule matched; see <see cref="RoutingDecision.MatchedRule"/>.</summary>
    RuleMatched,

    /// <summary>No rule matched; the workspace's default team takes it.</summary>
    NoRuleMatched,

    /// <summary>The classifier was not confident about the category and no rule matched without it: the general team sorts it out.</summary>
    UncertainCategory,
}

/// <summary>Where routing sent a piece of work and why, for the ticket's timeline.</summary>
public sealed record RoutingDecision(Guid TeamId, TicketPriority Priority, bool Urgent, RoutingReason Reason)
{
    public RoutingRule? MatchedRule { get; init; }

    /// <summary>The matched rule's place in the table, counting from 1.</summary>
    public int? MatchedRulePosition { get; init; }

    /// <summary>The category routing used: null when there was none or it was set aside as uncertain.</summary>
    public string? CategoryCodeUsed { get; init; }

    /// <summary>The customer's language routing saw, for the timeline.</summary>
    public string? Language { get; init; }

    public string Describe() => Reason switch
    {
        RoutingReason.RuleMatched => $"Routing rule {MatchedRulePosition} \"{MatchedRule?.Name}\" matched: team {TeamId}, priority {Priority}{(Urgent ? ", urgent" : "")}.",
        RoutingReason.UncertainCategory => $"The classifier was not confident about the category and no rule matched: general team {TeamId}, priority {Priority}.",
        _ => $"No routing rule matched: default team {TeamId}, priority {Priority}.",
    };
}
