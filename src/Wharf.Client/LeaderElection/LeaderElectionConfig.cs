namespace Wharf.Client.LeaderElection;

/// <summary>Leader election over a coordination.k8s.io/v1 Lease; the timing defaults are upstream's.</summary>
public sealed record LeaderElectionConfig
{
    public required string LeaseNamespace { get; init; }
    public required string LeaseName { get; init; }

    /// <summary>Unique per candidate; upstream uses <c>hostname_uuid</c>.</summary>
    public required string Identity { get; init; }

    /// <summary>How long followers wait after the last renewal they saw before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a renewal before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between attempts to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Give the lease up on shutdown so a follower takes over at once rather than after the lease expires.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static string NewIdentity() => $"{Environment.MachineName.ToLowerInvariant()}_{Guid.NewGuid()}";
}
