using Wharf.Bench.Api;

namespace Wharf.Bench.Scenarios;

/// <summary>ConfigMap POST (create) and PUT with resourceVersion (update) through Wharf's REST API.</summary>
internal sealed class WharfWriteTarget(WharfApi api) : IWriteTarget
{
    public string Name => "wharf";

    public Task PrepareAsync(string space, CancellationToken ct) => api.CreateNamespaceAsync(space, ct);

    public Task<string> CreateAsync(string space, string name, CancellationToken ct) => api.CreateConfigMapAsync(space, name, 0, ct);

    public Task<string> UpdateAsync(string space, string name, string version, long generation, CancellationToken ct) =>
        api.UpdateConfigMapAsync(space, name, version, generation, ct);

    public Task<long?> ServerAllocatedBytesAsync(CancellationToken ct) => api.ReadAllocatedBytesAsync(ct);
}
