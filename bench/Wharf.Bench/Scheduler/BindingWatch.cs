using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Cache;

namespace Wharf.Bench.Scheduler;

/// <summary>
/// Watches every pod and notes (bench clock) when the benchmark's create of a pod was acknowledged and when the
/// watch first showed the pod with a node: the binding time as any client of the API server sees it.
/// </summary>
internal sealed class BindingWatch
{
    private readonly ConcurrentDictionary<string, long> _created = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _bound = new(StringComparer.Ordinal);

    public BindingWatch(SharedInformerFactory informers)
    {
        informers.ForResource(Resource.Pods).AddEventHandler(new ResourceEventHandler { OnAdd = Observe, OnUpdate = (_, pod) => Observe(pod) });
    }

    public void Created(string ns, string name) => _created.TryAdd(Key(ns, name), Stopwatch.GetTimestamp());

    public long? BoundAt(string ns, string name) => _bound.TryGetValue(Key(ns, name), out var t) ? t : null;

    public long? CreatedAt(string ns, string name) => _created.TryGetValue(Key(ns, name), out var t) ? t : null;

    public int CountBound(string ns, IEnumerable<string> names) => names.Count(n => _bound.ContainsKey(Key(ns, n)));

    private void Observe(JsonObject pod)
    {
        if (pod["spec"]?["nodeName"] is null) return;
        _bound.TryAdd(Key(pod["metadata"]?["namespace"]?.GetValue<string>() ?? "", pod["metadata"]?["name"]?.GetValue<string>() ?? ""), Stopwatch.GetTimestamp());
    }

    private static string Key(string ns, string name) => ns + "/" + name;
}
