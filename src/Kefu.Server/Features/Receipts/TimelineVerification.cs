using System.Globalization;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Receipts;

/// <summary>`kefu verify-timeline`: walks every ticket's hash chain and reports each break, with progress.</summary>
public static class TimelineVerification
{
    public const int ExitBroken = 3;
    private const int ProgressEvery = 1000;

    /// <returns>0 when every timeline verifies, <see cref="ExitBroken"/> when one does not, 1 for an unknown workspace.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, string? workspaceSlug, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        await using var db = await services.GetRequiredService<IDbContextFactory<KefuDbContext>>().CreateDbContextAsync(cancellationToken);
        var slugs = await db.Workspaces.AsNoTracking()
            .Where(w => workspaceSlug == null || w.Slug == workspaceSlug)
            .ToDictionaryAsync(w => w.Id, w => w.Slug, cancellationToken);
        Guid? workspaceId = null;
        if (workspaceSlug is not null)
        {
            if (slugs.Count == 0)
            {
                await output.WriteLineAsync($"No workspace '{workspaceSlug}'.");
                return 1;
            }

            workspaceId = slugs.Keys.Single();
        }

        var total = await db.Tickets.CountAsync(t => workspaceId == null || t.WorkspaceId == workspaceId, cancellationToken);
        await output.WriteLineAsync(Invariant($"Verifying the timelines of {total} tickets in {(workspaceSlug is null ? $"{slugs.Count} workspaces" : workspaceSlug)} ..."));
        var (checkedCount, broken, entries) = (0, 0, 0L);
        await foreach (var timeline in TimelineAudit.WalkAsync(db, workspaceId, cancellationToken))
        {
            checkedCount++;
            entries += timeline.Entries.Count;
            if (timeline.Check.Break is { } chainBreak)
            {
                broken++;
                await output.WriteLineAsync(Invariant($"BROKEN {slugs[timeline.WorkspaceId]} #{timeline.Number}: entry {chainBreak.Sequence}: {chainBreak.Reason}"));
            }

            if (checkedCount % ProgressEvery == 0)
            {
                await output.WriteLineAsync(Invariant($"  {checkedCount}/{total} tickets checked, {broken} broken"));
            }
        }

        await output.WriteLineAsync(Invariant($"Checked {checkedCount} tickets and {entries} timeline entries: {(broken == 0 ? "every timeline verifies" : $"{broken} broken")}."));
        return broken == 0 ? 0 : ExitBroken;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
