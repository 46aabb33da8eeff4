namespace Wharf.Bench.Scenarios;

/// <summary>
/// What the write phases drive: Wharf's REST API or raw etcd puts. "Create" writes a key never written before;
/// "update" rewrites one the same worker created, carrying whatever version token the target handed back.
/// </summary>
internal interface IWriteTarget
{
    string Name { get; }

    /// <summary>Prepares an empty key space (a namespace for Wharf, a prefix for etcd).</summary>
    Task PrepareAsync(string space, CancellationToken ct);

    /// <summary>Creates <paramref name="name"/> and returns its version token.</summary>
    Task<string> CreateAsync(string space, string name, CancellationToken ct);

    /// <summary>Rewrites <paramref name="name"/> at <paramref name="version"/> and returns the new version token.</summary>
    Task<string> UpdateAsync(string space, string name, string version, long generation, CancellationToken ct);

    /// <summary>Bytes the server process has allocated so far, when the target tells (Wharf's /metrics); else null.</summary>
    Task<long?> ServerAllocatedBytesAsync(CancellationToken ct);
}
