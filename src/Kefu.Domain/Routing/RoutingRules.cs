using System.Text;

using Kefu.Domain.Tickets;

namespace Kefu.Domain.Routing;

/// <summary>
/// A workspace's routing table: rules tried in order, the first that matches decides. Built once per table version and
/// shared; <see cref="Decide"/> is pure and thread-safe.
/// </summary>
public sealed class RoutingRules
{
    public const double DefaultMinimumClassifierConfidence = 0.6;

    private readonly CompiledRule[] _compiled;

    /// <param name="rules">Tried in this order.</param>
    /// <param name="defaultTeamId">Takes work no rule matches.</param>
    /// <param name="generalTeamId">Takes work whose classifier category was too uncertain to use and that no rule matched without it.</param>
    /// <param name="minimumClassifierConfidence">Below this, a category the classifier chose is set aside.</param>
    public RoutingRules(
        IEnumerable<RoutingRule> rules,
        Guid defaultTeamId,
        Guid generalTeamId,
        double minimumClassifierConfidence = DefaultMinimumClassifierConfidence)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (defaultTeamId == Guid.Empty)
        {
            throw new ArgumentException("A default team is required.", nameof(defaultTeamId));
        }

        if (generalTeamId == Guid.Empty)
        {
            throw new ArgumentException("A general team is required.", nameof(generalTeamId));
        }

        if (double.IsNaN(minimumClassifierConfidence) || minimumClassifierConfidence is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumClassifierConfidence), minimumClassifierConfidence, "A confidence lies between 0 and 1.");
        }

        Rules = rules.ToArray();
        _compiled = Rules.Select((rule, index) => new CompiledRule(rule, index + 1)).ToArray();
        DefaultTeamId = defaultTeamId;
        GeneralTeamId = generalTeamId;
        MinimumClassifierConfidence = minimumClassifierConfidence;
    }

    public IReadOnlyList<RoutingRule> Rules { get; }
    public Guid DefaultTeamId { get; }
    public Guid GeneralTeamId { get; }
    public double MinimumClassifierConfidence { get; }

    public RoutingDecision Decide(RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uncertain = request.CategorySource == CategorySource.Classifier
            && (request.ClassifierConfidence ?? 0) < MinimumClassifierConfidence;
        var category = uncertain || string.IsNullOrWhiteSpace(request.CategoryCode) ? null : request.CategoryCode.Trim();
        string? text = null;

        foreach (var rule in _compiled)
        {
            if (rule.Matches(request, category, ref text))
            {
                var matched = rule.Source;
                return new RoutingDecision(matched.TeamId, matched.Priority ?? request.Priority, matched.MarksUrgent, RoutingReason.RuleMatched)
                {
                    MatchedRule = matched,
                    MatchedRulePosition = rule.Position,
                    CategoryCodeUsed = category,
                    Language = request.Language,
                };
            }
        }

        return uncertain
            ? new RoutingDecision(GeneralTeamId, request.Priority, Urgent: false, RoutingReason.UncertainCategory) { Language = request.Language }
            : new RoutingDecision(DefaultTeamId, request.Priority, Urgent: false, RoutingReason.NoRuleMatched) { CategoryCodeUsed = category, Language = request.Language };
    }

    /// <summary>
    /// Folds full-width letters and digits to their plain forms (ＶＩＰ → VIP) and case to upper, so a keyword matches
    /// however it was typed. Folding once lets every keyword be found with a plain ordinal search.
    /// </summary>
    internal static string Fold(string text) =>
        (text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC)).ToUpperInvariant();

    private sealed class CompiledRule
    {
        private readonly HashSet<string>? _categories;
        private readonly HashSet<Channel>? _channels;
        private readonly HashSet<Guid>? _merchants;
        private readonly string[] _languages;
        private readonly string[] _keywords;

        public CompiledRule(RoutingRule rule, int position)
        {
            ArgumentNullException.ThrowIfNull(rule);
            ArgumentException.ThrowIfNullOrWhiteSpace(rule.Name, nameof(rule));
            var where = $"Routing rule {position} \"{rule.Name}\"";
            if (rule.TeamId == Guid.Empty)
            {
                throw new ArgumentException($"{where} names no team.", nameof(rule));
            }

            if (rule.MinimumVipLevel is < 0)
            {
                throw new ArgumentException($"{where}: a VIP level is 0 or more.", nameof(rule));
            }

            Source = rule;
            Position = position;
            _categories = rule.CategoryCodes.Count == 0
                ? null
                : new HashSet<string>(NonBlank(rule.CategoryCodes, where, "category code").Select(code => code.Trim()), StringComparer.OrdinalIgnoreCase);
            _channels = rule.Channels.Count == 0 ? null : [.. rule.Channels];
            _merchants = rule.MerchantIds.Count == 0 ? null : [.. rule.MerchantIds];
            _languages = [.. NonBlank(rule.Languages, where, "language").Select(language => language.Trim())];
            _keywords = [.. NonBlank(rule.Keywords, where, "keyword").Select(keyword => Fold(keyword.Trim()))];
        }

        public RoutingRule Source { get; }
        public int Position { get; }

        /// <param name="text">The request's folded subject and text, made on first need and shared by the rules after.</param>
        public bool Matches(RoutingRequest request, string? category, ref string? text)
        {
            if (_categories is not null && (category is null || !_categories.Contains(category)))
            {
                return false;
            }

            if (_channels is not null && !_channels.Contains(request.Channel))
            {
                return false;
            }

            if (Source.MinimumVipLevel is { } minimum && request.VipLevel < minimum)
            {
                return false;
            }

            if (_merchants is not null && (request.MerchantId is not { } merchant || !_merchants.Contains(merchant)))
            {
                return false;
            }

            if (_languages.Length > 0 && !_languages.Any(language => LanguageMatches(language, request.Language)))
            {
                return false;
            }

            if (_keywords.Length == 0)
            {
                return true;
            }

            text ??= Fold(request.Subject + "\n" + request.Text);
            foreach (var keyword in _keywords)
            {
                if (text.Contains(keyword, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool LanguageMatches(string wanted, string? actual)
        {
            if (string.IsNullOrWhiteSpace(actual))
            {
                return false;
            }

            actual = actual.Trim().Replace('_', '-');
            return actual.Length == wanted.Length
                ? actual.Equals(wanted, StringComparison.OrdinalIgnoreCase)
                : actual.Length > wanted.Length && actual[wanted.Length] == '-' && actual.StartsWith(wanted, StringComparison.OrdinalIgnoreCase);
        }

        private static IEnumerable<string> NonBlank(IEnumerable<string> values, string where, string what)
        {
            foreach (var value in values)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    throw new ArgumentException($"{where} has an empty {what}.", nameof(values));
                }

                yield return value;
            }
        }
    }
}
