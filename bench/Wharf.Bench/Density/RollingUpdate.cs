using System.Diagnostics;
using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Rest;

namespace Wharf.Bench.Density;

/// <summary>
/// The density benchmark's second phase: a template change of every Deployment at once (a rolling update with the
/// default 25 % surge/unavailable), timed until each reports all replicas updated and available for its new generation.
/// </summary>
internal sealed class RollingUpdate(IApiClient client, ISharedIndexInformer deployments, string ns, int replicas)
{
    public sealed record Result(TimeSpan Patched, TimeSpan? Complete, int Done, int Total);

    public async Task<Result> RunAsync(IReadOnlyList<string> names, TimeSpan limit, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["bench.wharf.io/revision"] = "2" } },
                },
            },
        };
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (name, token) => await client.PatchAsync(Resource.Deployments, ns, name, PatchType.Merge, patch, new PatchOptions(), token));
        var patched = clock.Elapsed;
        var done = 0;
        while (clock.Elapsed < limit)
        {
            done = deployments.Store.List().Count(IsRolledOut);
            if (done >= names.Count) return new Result(patched, clock.Elapsed, done, names.Count);
            await Task.Delay(100, ct);
        }
        return new Result(patched, null, done, names.Count);
    }

    /// <summary>kubectl rollout status's test: the new generation observed, every replica updated and available, no old ones left.</summary>
    private bool IsRolledOut(JsonObject deployment)
    {
        long Get(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
        var status = deployment["status"];
        return Get(deployment["metadata"]?["generation"]) >= 2
            && Get(status?["observedGeneration"]) >= Get(deployment["metadata"]?["generation"])
            && Get(status?["updatedReplicas"]) == replicas
            && Get(status?["availableReplicas"]) == replicas
            && Get(status?["replicas"]) == replicas;
    }
}
