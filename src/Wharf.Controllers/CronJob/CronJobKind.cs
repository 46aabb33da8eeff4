using Wharf.Client;

namespace Wharf.Controllers.CronJob;

/// <summary>The CronJob resource and the names it gives its Jobs.</summary>
public static class CronJobKind
{
    public static readonly Resource CronJobs = new("batch", "v1", "cronjobs", "CronJob", true);

    /// <summary>Set on each Job to the time it was scheduled for, in the CronJob's time zone.</summary>
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    /// <summary><c>&lt;cronjob&gt;-&lt;minutes since the epoch&gt;</c>: one name per scheduled time, so a retry cannot create it twice.</summary>
    public static string JobName(string cronJob, DateTimeOffset scheduled) => $"{cronJob}-{scheduled.ToUnixTimeSeconds() / 60}";
}
