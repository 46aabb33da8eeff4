using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Patching;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.NodeJoin;

namespace Wharf.ApiServer.Tests.Patching;

/// <summary>
/// The writes of the density benchmark, with the real schemas of built-in kinds: every update tracked with the
/// shortcuts (which keep the entries an update cannot change as they were read) must store byte for byte what the
/// full field manager stores, which decodes and encodes every entry. Each step carries the full path's result on.
/// </summary>
public sealed class ManagedFieldsKeptEntriesTests
{
    private static readonly ResourceCatalog Catalog = BuiltInResources.CreateCatalog();
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-abc-x1","generateName":"web-abc-","namespace":"ns","uid":"p1","creationTimestamp":"2026-11-27T09:00:00Z",
         "labels":{"app":"web","pod-template-hash":"abc"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-abc","uid":"rs1","controller":true,"blockOwnerDeletion":true}]},
         "spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{"requests":{"cpu":"10m"}},
         "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"Always"}],
         "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler",
         "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]},
         "status":{"phase":"Pending","qosClass":"Burstable"}}
        """;

    private const string RunningStatus = """
        {"phase":"Running","conditions":[{"type":"PodReadyToStartContainers","status":"True","lastTransitionTime":"2026-11-27T09:00:02Z"},
         {"type":"Initialized","status":"True","lastTransitionTime":"2026-11-27T09:00:02Z"},{"type":"Ready","status":"True","lastTransitionTime":"2026-11-27T09:00:02Z"},
         {"type":"ContainersReady","status":"True","lastTransitionTime":"2026-11-27T09:00:02Z"},{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-11-27T09:00:01Z"}],
         "hostIP":"10.0.0.5","hostIPs":[{"ip":"10.0.0.5"}],"podIP":"10.244.1.7","podIPs":[{"ip":"10.244.1.7"}],"startTime":"2026-11-27T09:00:02Z","qosClass":"Burstable",
         "containerStatuses":[{"name":"c","ready":true,"restartCount":0,"image":"nginx","imageID":"docker://nginx","containerID":"containerd://1","started":true,
         "state":{"running":{"startedAt":"2026-11-27T09:00:02Z"}}}]}
        """;

    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"ns","uid":"d1","generation":1,"creationTimestamp":"2026-11-27T09:00:00Z"},
         "spec":{"replicas":5,"selector":{"matchLabels":{"app":"web"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
         "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx","resources":{"requests":{"cpu":"10m"}}}]}}}}
        """;

    private const string ReplicaSet = """
        {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-abc","namespace":"ns","uid":"rs1","generation":1,"creationTimestamp":"2026-11-27T09:00:00Z",
         "labels":{"app":"web","pod-template-hash":"abc"},"annotations":{"deployment.kubernetes.io/desired-replicas":"5","deployment.kubernetes.io/revision":"1"},
         "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"d1","controller":true,"blockOwnerDeletion":true}]},
         "spec":{"replicas":5,"selector":{"matchLabels":{"app":"web","pod-template-hash":"abc"}},
         "template":{"metadata":{"labels":{"app":"web","pod-template-hash":"abc"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
        """;

    [Fact]
    public void PodOfTheDensityBenchmark_StoresWhatTheFullPathStores()
    {
        var pod = Track(null, Parse(Pod), "kube-controller-manager", null, 0);
        pod = Track(pod, With(pod, o => o["spec"]!["nodeName"] = "hollow-7"), "kube-scheduler", null, 1);
        pod = Track(pod, With(pod, o => o["status"] = Parse(RunningStatus)), "kubelet", "status", 2);
        pod = Track(pod, With(pod, o => o["status"]!["conditions"]![2]!["status"] = "False"), "kubelet", "status", 3);
        pod = Track(pod, With(pod, o => o["status"]!["conditions"]!.AsArray().RemoveAt(0)), "kubelet", "status", 4);
        pod = Track(pod, With(pod, o => o["metadata"]!["labels"]!["extra"] = "x"), "kube-controller-manager", null, 5);
        pod = Track(pod, With(pod, o => o["metadata"]!["labels"]!["app"] = "web2"), "kubectl-label", null, 6);
        pod = Track(pod, With(pod, o => o["status"]!["phase"] = "Succeeded"), "kubelet", "status", 7);

        Assert.Equal(4, pod["metadata"]!["managedFields"]!.AsArray().Count);
    }

    [Fact]
    public void DeploymentAndReplicaSetStatusWrites_StoreWhatTheFullPathStores()
    {
        var deployment = Track(null, Parse(Deployment), "kubectl-create", null, 0);
        deployment = Track(deployment, With(deployment, o => o["metadata"]!["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = "1" }), "kube-controller-manager", null, 1);
        deployment = Track(deployment, With(deployment, o => o["status"] = Parse("""{"observedGeneration":1,"replicas":5,"updatedReplicas":5,"unavailableReplicas":5}""")), "kube-controller-manager", "status", 2);
        deployment = Track(deployment, With(deployment, o => o["status"] = Parse("""
            {"observedGeneration":1,"replicas":5,"updatedReplicas":5,"readyReplicas":5,"availableReplicas":5,
             "conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable"},{"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable"}]}
            """)), "kube-controller-manager", "status", 3);
        deployment = Track(deployment, With(deployment, o => o["spec"]!["replicas"] = 7), "kubectl-scale", null, 4);
        deployment = Track(deployment, With(deployment, o => o["status"]!["replicas"] = 7), "kube-controller-manager", "status", 5);

        var replicaSet = Track(null, Parse(ReplicaSet), "kube-controller-manager", null, 0);
        replicaSet = Track(replicaSet, With(replicaSet, o => o["status"] = Parse("""{"replicas":5,"fullyLabeledReplicas":5,"observedGeneration":1}""")), "kube-controller-manager", "status", 1);
        replicaSet = Track(replicaSet, With(replicaSet, o => o["status"]!["readyReplicas"] = 3), "kube-controller-manager", "status", 2);
        replicaSet = Track(replicaSet, With(replicaSet, o => o["status"]!["readyReplicas"] = 5), "kube-controller-manager", "status", 3);
        replicaSet = Track(replicaSet, With(replicaSet, o => o["spec"]!["replicas"] = 2), "kube-controller-manager", null, 4);
        Track(replicaSet, With(replicaSet, o => o["status"]!.AsObject().Remove("readyReplicas")), "kube-controller-manager", "status", 5);
    }

    /// <summary>Tracks the write both ways (each on its own copy) and asserts the same stored bytes; returns the result.</summary>
    private static JsonObject Track(JsonObject? live, JsonObject updated, string manager, string? subresource, int minutes)
    {
        var kind = KindOf(updated);
        var options = WriteOptions.Default with { FieldManager = manager };
        var time = new FixedTime(T0.AddMinutes(minutes));
        var liveBefore = live?.ToJsonString();
        var full = new ManagedFieldsTracker(time, useShortcuts: false).TrackUpdate(kind, live, updated.DeepClone().AsObject(), subresource, options);
        var shortcut = new ManagedFieldsTracker(time).TrackUpdate(kind, live, updated.DeepClone().AsObject(), subresource, options);

        Assert.True(full.ToJsonString() == shortcut.ToJsonString(), $"{manager} at {minutes}:\n{full.ToJsonString()}\n{shortcut.ToJsonString()}");
        Assert.Equal(ObjectCodec.Encode(full), ObjectCodec.Encode(shortcut));
        Assert.Equal(JsonSerializer.Serialize(full, Relaxed), JsonSerializer.Serialize(shortcut, Relaxed));
        Assert.Equal(liveBefore, live?.ToJsonString());
        return full;
    }

    /// <summary>A copy of <paramref name="live"/> (managedFields included, as the store hands it over) with a change.</summary>
    private static JsonObject With(JsonObject live, Action<JsonObject> change)
    {
        var copy = live.DeepClone().AsObject();
        change(copy);
        return copy;
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static ResourceKind KindOf(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]!.GetValue<string>();
        var slash = apiVersion.IndexOf('/');
        return Catalog.FindByKind(slash < 0 ? "" : apiVersion[..slash], slash < 0 ? apiVersion : apiVersion[(slash + 1)..], obj["kind"]!.GetValue<string>())!;
    }
}
