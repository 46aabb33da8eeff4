using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Events;
using Wharf.Client.Rest;
using Wharf.Node.Agent.Pods;

namespace Wharf.Node.Agent.Admission;

/// <summary>
/// Admits the pods bound to this node one at a time against the Node as the API has it (read at most every
/// <see cref="NodeMaxAge"/>, and again before refusing a pod over node affinity, whose labels may just have
/// changed), and refuses a pod the way kubelet does: a Warning event with the reason, then phase Failed with
/// "Pod was rejected: …" in the status.
/// </summary>
internal sealed partial class AdmissionGate(IApiClient client, IEventRecorder events, string nodeName, TimeProvider time, ILogger logger)
{
    internal static readonly TimeSpan NodeMaxAge = TimeSpan.FromSeconds(2);
    private V1Node? _node;
    private DateTimeOffset _nodeAt;

    public async Task<AdmissionResult> AdmitAsync(V1Pod pod, IReadOnlyCollection<V1Pod> admitted, CancellationToken ct)
    {
        var result = PodAdmitter.Admit(pod, await NodeAsync(fresh: false, ct), admitted);
        if (result is { Admit: false, Reason: PodAdmitter.NodeAffinity })
            result = PodAdmitter.Admit(pod, await NodeAsync(fresh: true, ct), admitted);
        return result;
    }

    /// <summary>Records the refusal and posts the Failed status; returns the status posted.</summary>
    public async Task<JsonObject> RejectAsync(JsonObject podRef, V1Pod pod, AdmissionResult result, CancellationToken ct)
    {
        LogRejected(logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, result.Reason, result.Message);
        events.Event(podRef, EventTypes.Warning, result.Reason, result.Message);
        var status = new JsonObject
        {
            ["phase"] = PodStatusBuilder.Failed,
            ["reason"] = result.Reason,
            ["message"] = "Pod was rejected: " + result.Message,
            ["qosClass"] = QosClass.Of(pod.Spec),
        };
        await client.PatchAsync(Resource.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.Merge,
            new JsonObject { ["status"] = status.DeepClone() }, new PatchOptions { Subresource = "status" }, ct);
        return status;
    }

    private async Task<V1Node> NodeAsync(bool fresh, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (fresh || _node is null || now - _nodeAt > NodeMaxAge)
        {
            var json = await client.GetAsync(Resource.Nodes, null, nodeName, ct);
            json["apiVersion"] ??= "v1";
            json["kind"] ??= "Node";
            _node = Json.To<V1Node>(json);
            _nodeAt = now;
        }
        return _node;
    }

    [LoggerMessage(EventId = 12060, Level = LogLevel.Information, Message = "Pod {PodNamespace}/{PodName} rejected ({Reason}): {Message}")]
    private static partial void LogRejected(ILogger logger, string podNamespace, string podName, string reason, string message);
}
