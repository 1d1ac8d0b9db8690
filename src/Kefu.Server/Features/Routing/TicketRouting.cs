using System.Text.Json;
using Kefu.Domain.Routing;
using Kefu.Domain.Tickets;

namespace Kefu.Server.Features.Routing;

/// <summary>Routing at intake: the workspace's rules choose the team, priority and lane before the SLA policy is chosen.</summary>
public static class TicketRouting
{
    public const string RoutedKind = "ticket.routed";
    public const string AssignedByRoutingKind = "ticket.assigned";
    public const string OfferedKind = "ticket.offered";
    public const string OfferPassedKind = "ticket.offer_passed";

    /// <returns>The decision, or null when the workspace has no routing table (the category's team keeps the work).</returns>
    /// <param name="classifierConfidence">Set when the classifier chose the category rather than the customer.</param>
    /// <param name="language">The customer's language (<see cref="CustomerLanguage"/>), for rules with a language condition.</param>
    public static RoutingDecision? Route(
        Ticket ticket, RoutingBook book, string? categoryCode, double? classifierConfidence, int customerTier, string subject, string text, string? language)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(book);
        var merchantTeam = ticket.MerchantId is { } merchant ? book.MerchantTeams.GetValueOrDefault(merchant) : Guid.Empty;
        if (book.Rules is not { } rules)
        {
            if (merchantTeam != Guid.Empty)
            {
                ticket.Route(merchantTeam, ticket.Priority, urgent: false);
                return new RoutingDecision(merchantTeam, ticket.Priority, false, RoutingReason.NoRuleMatched) { CategoryCodeUsed = categoryCode, Language = language };
            }

            return null;
        }

        var decision = rules.Decide(new RoutingRequest
        {
            CategoryCode = categoryCode,
            CategorySource = categoryCode is null ? CategorySource.None : classifierConfidence is null ? CategorySource.Customer : CategorySource.Classifier,
            ClassifierConfidence = classifierConfidence,
            Channel = ticket.Channel,
            VipLevel = customerTier,
            MerchantId = ticket.MerchantId,
            Language = language,
            Subject = subject,
            Text = text,
            Priority = ticket.Priority,
        });
        decision = decision with { Language = language };
        // Platform mode: a merchant that staffs its own team serves its customers first; the rules still set priority and lane.
        if (merchantTeam != Guid.Empty)
        {
            decision = decision with { TeamId = merchantTeam };
        }

        ticket.Route(decision.TeamId, decision.Priority, decision.Urgent);
        return decision;
    }

    public static string Describe(RoutingDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return JsonSerializer.Serialize(new
        {
            reason = JsonNamingPolicy.CamelCase.ConvertName(decision.Reason.ToString()),
            rule = decision.MatchedRule?.Name,
            position = decision.MatchedRulePosition,
            teamId = decision.TeamId,
            priority = JsonNamingPolicy.CamelCase.ConvertName(decision.Priority.ToString()),
            urgent = decision.Urgent,
            category = decision.CategoryCodeUsed,
            language = decision.Language,
        });
    }
}
