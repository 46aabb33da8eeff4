using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Client.Meta;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Deployment;

/// <summary>
/// The Deployment model each pass left behind, so that the next pass need not read it again from the informer's
/// tree. A pass brings its model up to date with every status write it makes (<see cref="DeploymentSync"/>), so the
/// model it ends with is what the server stored at the model's resourceVersion, but for managedFields, which it
/// drops. Most passes in a rollout are woken by ReplicaSet changes and find the Deployment where the previous pass
/// left it: at the same resourceVersion the model is taken instead of deserialising the cached object again (a
/// Deployment's tree written out and read into a model, each pass). The wire text of its status, when the pass had
/// it, goes with it (each pass compares the status it computes with it).
/// </summary>
internal sealed class DeploymentModels
{
    /// <summary>One model per Deployment; past this many (Deployments deleted unseen) the cache starts over.</summary>
    private const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, Kept> _models = new(StringComparer.Ordinal);

    /// <summary>
    /// The Deployment of <paramref name="json"/> as a model of the caller's own: the one a pass left when it is at
    /// the same uid and resourceVersion (and <paramref name="json"/> has no managedFields, which the model would
    /// lack), a fresh one otherwise. Taking removes it: a pass keeps what it took until it hands it back.
    /// </summary>
    public Kept Take(string key, JsonObject json)
    {
        if (_models.TryRemove(key, out var kept)
            && kept.Model.Metadata.ResourceVersion == ObjectMeta.ResourceVersion(json)
            && kept.Model.Metadata.Uid == ObjectMeta.Uid(json)
            && json["metadata"]?["managedFields"] is null)
            return kept;
        return new Kept(ModelJson.ToModel<V1Deployment>(json), null);
    }

    /// <summary>Keeps the model a pass finished with (completely: a pass that failed part-way hands back nothing).</summary>
    public void Keep(string key, Kept kept)
    {
        if (_models.Count >= Capacity) _models.Clear();
        _models[key] = kept;
    }

    public void Forget(string key) => _models.TryRemove(key, out _);

    /// <summary>Models kept (for tests).</summary>
    public int Count => _models.Count;

    /// <param name="Model">The Deployment.</param>
    /// <param name="StatusText">The wire text of its status, or null when not known.</param>
    public sealed record Kept(V1Deployment Model, byte[]? StatusText);
}
