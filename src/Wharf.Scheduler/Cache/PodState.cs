using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Cache;

internal sealed class PodState(PodInfo info, bool assumed)
{
    public PodInfo Info { get; set; } = info;
    public bool Assumed { get; set; } = assumed;
    public bool BindingFinished { get; set; }
    public DateTimeOffset? Deadline { get; set; }
}
