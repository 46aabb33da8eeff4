namespace Wharf.Scheduler.Plugins.InterPodAffinity;

public sealed class InterPodAffinityArgs
{
    /// <summary>Score credit for existing pods' required affinity terms that the incoming pod matches (0–100, default 1).</summary>
    public int HardPodAffinityWeight { get; set; } = 1;

    public bool IgnorePreferredTermsOfExistingPods { get; set; }
}
