using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Client.Meta;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Deployment;

/// <summary>
/// The ReplicaSet models of the Deployment passes, by uid, with the cached object each was read from. A rollout's
/// passes are woken by their ReplicaSets' status writes, so each pass finds its ReplicaSets changed, but nearly
/// always only in status and resourceVersion: the model is then the previous one with the new status and version
/// (metadata and spec shared, not read again), where reading the whole cached tree into a model was about half of a
/// pass. Passes never change a ReplicaSet model in place (they copy one before changing it), so sharing parts
/// between versions is safe; anything else that differs is read whole, as before.
/// </summary>
internal sealed class ReplicaSetModels
{
    /// <summary>One entry per ReplicaSet the passes saw; past this many (deleted unseen) the cache starts over.</summary>
    private const int Capacity = 10_000;

    private static readonly Func<object, object> ShallowCopy = (Func<object, object>)Delegate.CreateDelegate(typeof(Func<object, object>),
        typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!);

    private readonly ConcurrentDictionary<string, (JsonObject Source, V1ReplicaSet Model)> _models = new(StringComparer.Ordinal);

    /// <summary>The model of the cached ReplicaSet <paramref name="json"/>, which the caller must not change in place.</summary>
    public V1ReplicaSet Of(JsonObject json)
    {
        if (ObjectMeta.Uid(json) is not { Length: > 0 } uid) return ModelJson.ToModel<V1ReplicaSet>(json);
        V1ReplicaSet model;
        if (_models.TryGetValue(uid, out var kept) && ReferenceEquals(kept.Source, json)) return kept.Model;
        if (kept.Source is not null && StatusAndVersionOnly(kept.Source, json)) model = WithStatus(kept.Model, json);
        else model = ModelJson.ToModel<V1ReplicaSet>(json);
        if (_models.Count >= Capacity) _models.Clear();
        _models[uid] = (json, model);
        return model;
    }

    public void Forget(string? uid)
    {
        if (uid is not null) _models.TryRemove(uid, out _);
    }

    /// <summary>Entries kept (for tests).</summary>
    public int Count => _models.Count;

    /// <summary><paramref name="model"/> (read from the earlier version) with <paramref name="json"/>'s status and resourceVersion.</summary>
    private static V1ReplicaSet WithStatus(V1ReplicaSet model, JsonObject json)
    {
        var copy = (V1ReplicaSet)ShallowCopy(model);
        copy.Metadata = (V1ObjectMeta)ShallowCopy(model.Metadata);
        copy.Metadata.ResourceVersion = ObjectMeta.ResourceVersion(json);
        copy.Status = json["status"] is JsonObject status ? ModelJson.ToModel<V1ReplicaSetStatus>(status) : null;
        return copy;
    }

    /// <summary>Whether the two versions differ at most in status and metadata.resourceVersion.</summary>
    internal static bool StatusAndVersionOnly(JsonObject old, JsonObject cur)
    {
        if (old.Count != cur.Count) return false;
        foreach (var (name, value) in cur)
        {
            if (name == "status") continue;
            if (!old.TryGetPropertyValue(name, out var before)) return false;
            if (name == "metadata" ? !SameButVersion(before as JsonObject, value as JsonObject) : !JsonNode.DeepEquals(before, value)) return false;
        }
        return old.ContainsKey("status") == cur.ContainsKey("status");
    }

    private static bool SameButVersion(JsonObject? old, JsonObject? cur)
    {
        if (old is null || cur is null || old.Count != cur.Count) return false;
        foreach (var (name, value) in cur)
        {
            if (name == "resourceVersion") continue;
            if (!old.TryGetPropertyValue(name, out var before) || !JsonNode.DeepEquals(before, value)) return false;
        }
        return old.ContainsKey("resourceVersion") == cur.ContainsKey("resourceVersion");
    }
}
