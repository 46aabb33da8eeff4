namespace Wharf.Node.Images.Gc;

/// <summary>Kubelet's image GC settings (KubeletConfiguration names and defaults).</summary>
public sealed record ImageGcPolicy
{
    /// <summary>imageGCHighThresholdPercent: at or above this disk usage, images are collected; 100 disables GC.</summary>
    public int HighThresholdPercent { get; init; } = 85;

    /// <summary>imageGCLowThresholdPercent: collection frees space down to this usage.</summary>
    public int LowThresholdPercent { get; init; } = 80;

    /// <summary>imageMinimumGCAge: an image first seen more recently than this is never collected.</summary>
    public TimeSpan MinimumAge { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the disk is checked (kubelet's ImageGCPeriod); the first check is at start.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often images in use are noted between collections, so "least recently used" means something.</summary>
    public TimeSpan DetectPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Rejects what kubelet rejects at start-up: thresholds out of 0..100 or low above high.</summary>
    public void Validate()
    {
        if (HighThresholdPercent is < 0 or > 100)
            throw new ArgumentException($"invalid HighThresholdPercent {HighThresholdPercent}, must be in range [0-100]");
        if (LowThresholdPercent is < 0 or > 100)
            throw new ArgumentException($"invalid LowThresholdPercent {LowThresholdPercent}, must be in range [0-100]");
        if (LowThresholdPercent > HighThresholdPercent)
            throw new ArgumentException($"LowThresholdPercent {LowThresholdPercent} can not be higher than HighThresholdPercent {HighThresholdPercent}");
    }
}
