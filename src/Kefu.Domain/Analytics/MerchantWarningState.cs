namespace Kefu.Domain.Analytics;

/// <summary>
/// Where a merchant stands with the early warning, so a jump raises one alert however many checks see it: an episode
/// starts on the first day the merchant is flagged and lasts while it is flagged again within <see cref="QuietDays"/>.
/// </summary>
public sealed class MerchantWarningState
{
    /// <summary>Days without a flag after which a new flag counts as a new jump.</summary>
    public const int QuietDays = 7;

    public Guid WorkspaceId { get; init; }
    public Guid MerchantId { get; init; }

    /// <summary>Local day number (<see cref="DateOnly.DayNumber"/>) the current or last episode began.</summary>
    public int EpisodeStartDay { get; private set; }

    /// <summary>Local day number the merchant was last seen flagged.</summary>
    public int LastFlaggedDay { get; private set; }

    public long Complaints { get; private set; }

    /// <summary>Optimistic concurrency token: two nodes checking at once cannot both start the episode.</summary>
    public int Version { get; private set; }

    public static MerchantWarningState Start(Guid workspaceId, Guid merchantId, int day, long complaints) => new()
    {
        WorkspaceId = workspaceId, MerchantId = merchantId, EpisodeStartDay = day, LastFlaggedDay = day, Complaints = complaints, Version = 1,
    };

    /// <summary>Records that the merchant is flagged on <paramref name="day"/>.</summary>
    /// <returns>True when this is a new jump (alert), false when it continues the current one or was seen already today.</returns>
    public bool Flag(int day, long complaints)
    {
        if (day <= LastFlaggedDay)
        {
            return false;
        }

        var isNewEpisode = day - LastFlaggedDay > QuietDays;
        if (isNewEpisode)
        {
            EpisodeStartDay = day;
        }

        LastFlaggedDay = day;
        Complaints = complaints;
        Version++;
        return isNewEpisode;
    }
}
