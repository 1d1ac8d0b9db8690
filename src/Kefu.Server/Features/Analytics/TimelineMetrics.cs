using System.Text.Json;
using Kefu.Domain.Analytics;
using Kefu.Domain.Tickets;
using Kefu.Server.Features.Sla;

namespace Kefu.Server.Features.Analytics;

/// <summary>Timeline entry kinds of the quality loop.</summary>
public static class QualityAuditKinds
{
    public const string CsatRated = "csat.rated";
    public const string CompensationOffered = "compensation.offered";

    /// <summary>On a closed (or long-solved) ticket: the customer wrote again and a new ticket carries on.</summary>
    public const string FollowedOn = "ticket.followed_on";

    /// <summary>On the new ticket: the earlier ticket it carries on from.</summary>
    public const string FollowsOn = "ticket.follows_on";
}

/// <summary>Reads a timeline entry as a metric event: the one translation both the live write path and the rebuild use.</summary>
public static class TimelineMetrics
{
    public static MetricEvent? Read(AuditEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = entry.CreatedAt;
        switch (entry.Kind)
        {
            case AuditKinds.TicketCreated:
                return new MetricEvent(MetricEventKind.Created, at);
            case AuditKinds.CustomerMessage:
                return new MetricEvent(MetricEventKind.CustomerMessage, at);
            case AuditKinds.AgentReply:
                return new MetricEvent(MetricEventKind.AgentReply, at) { AgentId = entry.ActorId };
            case SlaAuditKinds.Nudged:
                return new MetricEvent(MetricEventKind.Nudged, at);
            case SlaAuditKinds.PromiseKept:
                return new MetricEvent(MetricEventKind.PromiseKept, at) { AgentId = entry.ActorId };
        }

        // Only these kinds carry what a metric needs in their data; every other entry (routing, SLA starts ...) is no
        // metric, and parsing its JSON would cost intake a document per entry for nothing.
        if (entry.Kind is not (AuditKinds.StatusChanged or SlaAuditKinds.Escalated or SlaAuditKinds.Breached or SlaAuditKinds.PromiseLapsed
            or QualityAuditKinds.CsatRated or QualityAuditKinds.CompensationOffered))
        {
            return null;
        }

        using var data = Parse(entry.Data);
        if (data is null)
        {
            return null;
        }

        var root = data.RootElement;
        return entry.Kind switch
        {
            AuditKinds.StatusChanged when Status(root, "from") is { } from && Status(root, "to") is { } to =>
                new MetricEvent(MetricEventKind.StatusChanged, at) { From = from, To = to },

            // A supervisor taking a ticket back out of escalation is recorded under the same kind, with resolvedBy.
            SlaAuditKinds.Escalated when !root.TryGetProperty("resolvedBy", out _) => new MetricEvent(MetricEventKind.Escalated, at)
            {
                Detail = Text(root, "trigger"),
                Value = root.TryGetProperty("level", out var level) && level.TryGetProperty("to", out var l) && l.TryGetInt32(out var n) ? n : null,
            },
            SlaAuditKinds.Breached => new MetricEvent(MetricEventKind.SlaBreached, at) { Detail = Text(root, "metric") },

            // The engine records a lapse when it fires it (with firedAt); the reply that comes later repeats it and is no second breach.
            SlaAuditKinds.PromiseLapsed when root.TryGetProperty("firedAt", out _) => new MetricEvent(MetricEventKind.PromiseBroken, at),
            QualityAuditKinds.CsatRated when root.TryGetProperty("rating", out var rating) && rating.TryGetInt32(out var value) =>
                new MetricEvent(MetricEventKind.CsatRated, at)
                {
                    Value = value,
                    Agents = root.TryGetProperty("agents", out var list) && list.ValueKind == JsonValueKind.Array
                        ? [.. list.EnumerateArray().Select(a => a.TryGetGuid(out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty)]
                        : [],
                    Cycle = root.TryGetProperty("cycle", out var c) && c.TryGetInt32(out var cycle) ? cycle : null,
                },
            QualityAuditKinds.CompensationOffered => new MetricEvent(MetricEventKind.CompensationOffered, at)
            {
                AgentId = entry.ActorId,
                Detail = Text(root, "kind"),
                Value = root.TryGetProperty("amount", out var amount) && amount.TryGetDouble(out var a) ? a : null,
                Flag = root.TryGetProperty("platformAtFault", out var fault) && fault.ValueKind == JsonValueKind.True,
            },
            _ => null,
        };
    }

    private static JsonDocument? Parse(string? data)
    {
        if (string.IsNullOrEmpty(data))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static TicketStatus? Status(JsonElement root, string name) =>
        Enum.TryParse<TicketStatus>(Text(root, name), ignoreCase: true, out var status) ? status : null;
}
