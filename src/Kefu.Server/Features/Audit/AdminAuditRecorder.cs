using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Kefu.Domain.Audit;
using Kefu.Domain.Outbox;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kefu.Server.Features.Audit;

/// <summary>
/// Records every change an admin makes, in one place rather than in each endpoint: whatever a
/// state-changing request under /api/v1/admin (or an operator's CLI verb, see <see cref="AsOperator"/>)
/// saves is written as <see cref="AdminAuditEntry"/> rows in the same SaveChanges, so the change and its
/// record commit or fail together. A new admin endpoint is audited without doing anything.
/// </summary>
public sealed class AdminAuditRecorder(IHttpContextAccessor http, TimeProvider time) : SaveChangesInterceptor
{
    public const string AdminPrefix = "/api/v1/admin";
    public const string Redacted = "[redacted]";

    private static readonly AsyncLocal<Actor?> OperatorActor = new();

    // Rows the recorder itself or the platform writes along with an admin's change, not configuration.
    private static readonly HashSet<Type> NotConfiguration =
        [typeof(AdminAuditEntry), typeof(DataProtectionKey), typeof(OutboxMessage), typeof(IdempotencyRecord)];

    private static readonly string[] SecretNameParts = ["Hash", "Secret", "Password", "Protected", "PrivateKey", "Token"];

    private static readonly JsonSerializerOptions ValueJson = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly ConditionalWeakTable<DbContext, List<AdminAuditEntry>> _pending = [];

    private sealed record Actor(string Kind, Guid? AgentId, string Label, Guid? WorkspaceId, string Source);

    /// <summary>Within the returned scope, saved changes are recorded as made by an operator's CLI verb.</summary>
    public static IDisposable AsOperator(string operatorName, string verb)
    {
        var previous = OperatorActor.Value;
        OperatorActor.Value = new Actor("cli", null, Cut(operatorName, AdminAuditEntry.MaxActorLength), null, Cut(verb, AdminAuditEntry.MaxSourceLength));
        return new Restore(previous);
    }

    private sealed class Restore(Actor? previous) : IDisposable
    {
        public void Dispose() => OperatorActor.Value = previous;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Forget(eventData.Context, detach: false);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, detach: false);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context, detach: true);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, detach: true);
        return Task.CompletedTask;
    }

    private void Record(DbContext? db)
    {
        if (db is null || CurrentActor() is not { } actor)
        {
            return;
        }

        // SaveChanges detects changes after the interceptors run; the diff needs them now.
        db.ChangeTracker.DetectChanges();
        var now = time.GetUtcNow();
        var rows = new List<AdminAuditEntry>();
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is AdminAuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("The admin audit log is append-only: its entries are never changed or removed.");
            }

            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || NotConfiguration.Contains(entry.Metadata.ClrType))
            {
                continue;
            }

            var changes = Changes(entry);
            var workspace = WorkspaceOf(entry) ?? actor.WorkspaceId;
            if (changes.Count == 0 || workspace is null)
            {
                continue;
            }

            rows.Add(new AdminAuditEntry
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = workspace.Value, At = now,
                ActorKind = actor.Kind, ActorAgentId = actor.AgentId, Actor = actor.Label,
                Action = entry.State switch { EntityState.Added => AdminAuditAction.Created, EntityState.Deleted => AdminAuditAction.Deleted, _ => AdminAuditAction.Changed },
                Entity = Cut(JsonNamingPolicy.CamelCase.ConvertName(entry.Metadata.ClrType.Name), AdminAuditEntry.MaxEntityLength),
                EntityId = Cut(string.Join('/', entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Format(entry.Property(p.Name).CurrentValue))), AdminAuditEntry.MaxEntityIdLength),
                Changes = changes.ToJsonString(ValueJson),
                Source = actor.Source,
            });
        }

        if (rows.Count > 0)
        {
            db.AddRange(rows);
            _pending.AddOrUpdate(db, rows);
            if (http.HttpContext is { } context)
            {
                context.Items[RecordedItem] = true;
            }
        }
    }

    private const string RecordedItem = "kefu.admin-audit.recorded";

    /// <summary>
    /// A successful admin write that saved nothing through SaveChanges (a bulk ExecuteDelete, say) is still
    /// recorded, as the request itself: which endpoint, which route values, by whom, with no field values.
    /// </summary>
    public async Task RecordRequestAsync(HttpContext context, Func<Task> next, IDbContextFactory<KefuDbContext> contexts)
    {
        await next();
        if (context.Items.ContainsKey(RecordedItem) || context.Response.StatusCode is < 200 or >= 300 || CurrentActor() is not { } actor)
        {
            return;
        }

        var endpoint = context.GetEndpoint();
        var route = context.Request.RouteValues.Where(v => v.Value is not null).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        db.AdminAuditEntries.Add(new AdminAuditEntry
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = actor.WorkspaceId!.Value, At = now,
            ActorKind = actor.Kind, ActorAgentId = actor.AgentId, Actor = actor.Label,
            Action = HttpMethods.IsDelete(context.Request.Method) ? AdminAuditAction.Deleted : AdminAuditAction.Changed,
            Entity = Cut("request:" + (endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "admin"), AdminAuditEntry.MaxEntityLength),
            EntityId = Cut(string.Join('/', route.Select(v => Format(v.Value))), AdminAuditEntry.MaxEntityIdLength),
            Changes = new JsonObject { ["route"] = new JsonObject([.. route.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)Format(v.Value)))]) }.ToJsonString(ValueJson),
            Source = actor.Source,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private void Forget(DbContext? db, bool detach)
    {
        if (db is null || !_pending.TryGetValue(db, out var rows))
        {
            return;
        }

        _pending.Remove(db);
        if (detach)
        {
            // A failed save leaves the context tracking the rows; a retry must not record the change twice.
            foreach (var row in rows)
            {
                db.Entry(row).State = EntityState.Detached;
            }
        }
    }

    private Actor? CurrentActor()
    {
        if (OperatorActor.Value is { } cli)
        {
            return cli;
        }

        var context = http.HttpContext;
        if (context is null || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || !context.Request.Path.StartsWithSegments(AdminPrefix) || context.User.FindFirst(KefuClaims.Kind)?.Value != KefuClaims.AgentKind)
        {
            return null;
        }

        var caller = Caller.From(context.User);
        return new Actor("agent", caller.AgentId, caller.AgentNumber ?? caller.Name, caller.WorkspaceId,
            Cut($"{context.Request.Method} {context.Request.Path}", AdminAuditEntry.MaxSourceLength));
    }

    private static JsonObject Changes(EntityEntry entry)
    {
        var changes = new JsonObject();
        foreach (var property in entry.Properties)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Metadata.Name);
            var secret = Array.Exists(SecretNameParts, part => property.Metadata.Name.Contains(part, StringComparison.Ordinal));
            var before = entry.State == EntityState.Added ? null : property.OriginalValue;
            var after = entry.State == EntityState.Deleted ? null : property.CurrentValue;
            if (entry.State == EntityState.Modified && (!property.IsModified || Equals(before, after) || (before is byte[] a && after is byte[] b && a.AsSpan().SequenceEqual(b))))
            {
                continue;
            }

            changes[name] = new JsonObject
            {
                ["before"] = entry.State == EntityState.Added ? null : Value(before, secret),
                ["after"] = entry.State == EntityState.Deleted ? null : Value(after, secret),
            };
        }

        return changes;
    }

    private static JsonNode? Value(object? value, bool secret) => value switch
    {
        null => null,
        _ when secret => Redacted,
        byte[] bytes => $"[{bytes.Length} bytes]",
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), ValueJson),
    };

    private static Guid? WorkspaceOf(EntityEntry entry) =>
        entry.Metadata.FindProperty("WorkspaceId") is not null && entry.Property("WorkspaceId").CurrentValue is Guid id ? id
        : entry.Entity is Kefu.Domain.Workspaces.Workspace workspace ? workspace.Id
        : null;

    private static string Format(object? value) => value switch
    {
        null => "",
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
