using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Rest;
using Wharf.Scheduler.Cluster;

namespace Wharf.Scheduler.Hosting;

/// <summary>
/// <see cref="ISchedulerCluster"/> over the API client: informers for the feed, pods/binding for binds, strategic
/// merge patches on pods/status, graceful deletes for preemption, and core/v1 Events whose source.component is the
/// profile's scheduler name; full updates of PVs and PVCs for VolumeBinding's PreBind.
/// </summary>
public sealed class ApiSchedulerCluster : ISchedulerCluster, IPersistentVolumeWriter, IAsyncDisposable
{
    private readonly IApiClient _client;
    private readonly InformerOptions? _informerOptions;
    private readonly ILoggerFactory _loggers;
    private readonly ConcurrentDictionary<string, EventRecorder> _recorders = new(StringComparer.Ordinal);

    public ApiSchedulerCluster(IApiClient client, InformerOptions? informerOptions = null, ILoggerFactory? loggers = null)
    {
        _client = client;
        _informerOptions = informerOptions;
        _loggers = loggers ?? NullLoggerFactory.Instance;
    }

    /// <summary>Each call runs its own informers, so every call starts with a complete initial list.</summary>
    public IAsyncEnumerable<ClusterChange> WatchAsync(CancellationToken ct) => new ClusterFeed(_client, _informerOptions, _loggers).RunAsync(ct);

    public Task BindAsync(V1Pod pod, string nodeName, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var name = pod.Metadata.Name;
        // The answer (a Status) is not read; a refused binding still throws with the server's Status.
        var body = JsonBody.Write((Pod: pod.Metadata, Node: nodeName), WriteBinding);
        return _client.CreateWithoutAnswerAsync(PodSubresource(name, "binding"), ns, body, ct);
    }

    /// <summary>The v1 Binding of the pod to the node, its fields in the order this scheduler has always sent them.</summary>
    internal static void WriteBinding(Utf8JsonWriter w, (V1ObjectMeta Pod, string Node) binding)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", "v1");
        w.WriteString("kind", "Binding");
        w.WriteStartObject("metadata");
        w.WriteString("name", binding.Pod.Name);
        w.WriteString("namespace", binding.Pod.NamespaceProperty);
        w.WriteString("uid", binding.Pod.Uid);
        w.WriteEndObject();
        w.WriteStartObject("target");
        w.WriteString("apiVersion", "v1");
        w.WriteString("kind", "Node");
        w.WriteString("name", binding.Node);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public async Task PatchPodStatusAsync(V1Pod pod, PodStatusPatch patch, CancellationToken ct)
    {
        var status = new JsonObject();
        if (patch.Condition is { } condition) status["conditions"] = new JsonArray(ConditionJson(condition));
        // Strategic merge: null removes the field, which is how a stale nomination is cleared.
        if (patch.NominatedNodeName is { } nominated) status["nominatedNodeName"] = nominated.Length == 0 ? null : nominated;
        if (status.Count == 0) return;
        var body = new JsonObject { ["metadata"] = new JsonObject { ["uid"] = pod.Metadata.Uid }, ["status"] = status };
        await _client.PatchAsync(Resource.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge, body,
            new PatchOptions { Subresource = "status" }, ct).ConfigureAwait(false);
    }

    public async Task DeletePodAsync(V1Pod victim, V1PodCondition disruptionTarget, CancellationToken ct)
    {
        try
        {
            await PatchPodStatusAsync(victim, new PodStatusPatch(disruptionTarget), ct).ConfigureAwait(false);
            // The pod's own terminationGracePeriodSeconds applies, as for any delete without a grace period.
            await _client.DeleteAsync(Resource.Pods, victim.Metadata.NamespaceProperty, victim.Metadata.Name,
                new DeleteOptions { PreconditionUid = victim.Metadata.Uid }, ct).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            // Already gone: that is what preemption wanted.
        }
    }

    public async Task<V1PersistentVolume> UpdatePersistentVolumeAsync(V1PersistentVolume pv, CancellationToken ct)
    {
        (pv.ApiVersion, pv.Kind) = ("v1", "PersistentVolume");
        var updated = await _client.UpdateAsync(WatchedKind.PersistentVolumes, ModelJson.ToJson(pv), ct).ConfigureAwait(false);
        return ModelJson.ToModel<V1PersistentVolume>(updated);
    }

    public async Task<V1PersistentVolumeClaim> UpdatePersistentVolumeClaimAsync(V1PersistentVolumeClaim pvc, CancellationToken ct)
    {
        (pvc.ApiVersion, pvc.Kind) = ("v1", "PersistentVolumeClaim");
        var updated = await _client.UpdateAsync(WatchedKind.PersistentVolumeClaims, ModelJson.ToJson(pvc), ct).ConfigureAwait(false);
        return ModelJson.ToModel<V1PersistentVolumeClaim>(updated);
    }

    public Task RecordEventAsync(SchedulerEvent evt, CancellationToken ct)
    {
        var recorder = _recorders.GetOrAdd(evt.ReportingController, component => new EventRecorder(_client, component, logger: _loggers.CreateLogger<EventRecorder>()));
        recorder.Event(InvolvedPod(evt.Regarding), evt.Type, evt.Reason, evt.Message);
        return Task.CompletedTask;
    }

    /// <summary>Writes the events still queued (briefly) and stops the recorders.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var recorder in _recorders.Values) await recorder.DisposeAsync().ConfigureAwait(false);
        _recorders.Clear();
    }

    /// <summary>
    /// pods/NAME/SUB addressed as a collection, so that the client's create (POST to a collection path) reaches a
    /// subresource; the client has no POST-to-subresource verb.
    /// </summary>
    private static Resource PodSubresource(string name, string subresource) =>
        Resource.Pods with { Plural = $"pods/{Uri.EscapeDataString(name)}/{subresource}" };

    private static InvolvedObject InvolvedPod(V1Pod pod) =>
        new("Pod", pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid, "v1", pod.Metadata.ResourceVersion);

    private static JsonObject ConditionJson(V1PodCondition c)
    {
        var json = new JsonObject { ["type"] = c.Type, ["status"] = c.Status };
        if (c.Reason is not null) json["reason"] = c.Reason;
        if (c.Message is not null) json["message"] = c.Message;
        if (c.LastTransitionTime is { } t)
            json["lastTransitionTime"] = t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return json;
    }
}
