using System.Net;
using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Node.Agent.Pods;
using Wharf.Node.Cri.V1;
using Wharf.Node.Tests.Support;

namespace Wharf.Node.Tests.Agent;

[Collection(AgentCollection.Name)]
public sealed class NodeAgentEndToEndTests(AgentFixture fixture)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Node_IsRegisteredReadyWithNodeInfo_AndLeaseIsRenewed()
    {
        using var timeout = new CancellationTokenSource(Step);
        var ct = timeout.Token;
        var node = await fixture.Client.GetAsync(Resource.Nodes, null, fixture.Options.NodeName, ct);
        var ready = Condition(node, "Ready");
        Assert.Equal(("True", "KubeletReady", "kubelet is posting ready status"), (ready["status"]!.ToString(), ready["reason"]!.ToString(), ready["message"]!.ToString()));
        Assert.Equal("KubeletHasSufficientMemory", Condition(node, "MemoryPressure")["reason"]!.ToString());
        Assert.Equal("False", Condition(node, "DiskPressure")["status"]!.ToString());
        Assert.Equal("False", Condition(node, "PIDPressure")["status"]!.ToString());
        Assert.Equal("110", node["status"]!["capacity"]!["pods"]!.ToString());
        Assert.Equal("v1.32.0+wharf", node["status"]!["nodeInfo"]!["kubeletVersion"]!.ToString());
        Assert.StartsWith("containerd://", node["status"]!["nodeInfo"]!["containerRuntimeVersion"]!.ToString());
        Assert.Equal("", node["metadata"]!["labels"]!["node-role.kubernetes.io/control-plane"]!.ToString());
        Assert.Equal(fixture.Options.NodeName, node["metadata"]!["labels"]!["kubernetes.io/hostname"]!.ToString());
        Assert.Contains(node["status"]!["images"]!.AsArray(), i => i!["names"]!.AsArray().Any(n => n!.ToString() == TestImages.Busybox));

        var first = await RenewTimeAsync(ct);
        await AgentFixture.WaitForAsync(async c => await RenewTimeAsync(c) != first, ct);
    }

    [Fact]
    public async Task BusyboxPod_RunsReadyWithIp_EnvAndConfigMapVisible()
    {
        using var timeout = new CancellationTokenSource(Step);
        var ct = timeout.Token;
        await fixture.Client.CreateAsync(Resource.ConfigMaps, "default", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "web-config" },
            ["data"] = new JsonObject { ["greeting"] = "hello from a configmap", ["mode"] = "test" },
        }, ct);
        var container = Busybox("main", "sleep 3600");
        container["env"] = new JsonArray(
            new JsonObject { ["name"] = "LITERAL", ["value"] = "plain" },
            new JsonObject { ["name"] = "EXPANDED", ["value"] = "$(LITERAL)-more" },
            new JsonObject { ["name"] = "FROM_CM", ["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "web-config", ["key"] = "mode" } } },
            new JsonObject { ["name"] = "POD_NAME", ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.name" } } },
            new JsonObject { ["name"] = "POD_IP", ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "status.podIP" } } });
        container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "config", ["mountPath"] = "/etc/config" });
        container["readinessProbe"] = new JsonObject { ["exec"] = new JsonObject { ["command"] = new JsonArray("true") }, ["periodSeconds"] = 1 };
        var pod = Pod("web", container);
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = "web-config" } });
        await fixture.Client.CreateAsync(Resource.Pods, "default", pod, ct);

        var running = await WaitForPodAsync("web", p => p["status"]?["phase"]?.ToString() == "Running" && Condition(p, "Ready")?["status"]?.ToString() == "True", ct);
        var podIp = running["status"]!["podIP"]!.ToString();
        Assert.True(IPNetwork.Parse(fixture.PodCidr).Contains(IPAddress.Parse(podIp)), $"pod IP {podIp} outside {fixture.PodCidr}");
        Assert.Equal("BestEffort", running["status"]!["qosClass"]!.ToString());
        var status = running["status"]!["containerStatuses"]![0]!;
        Assert.True(status["ready"]!.GetValue<bool>());
        Assert.StartsWith("containerd://", status["containerID"]!.ToString());
        Assert.NotNull(status["state"]!["running"]);

        var id = status["containerID"]!.ToString()["containerd://".Length..];
        Assert.Equal("hello from a configmap", (await fixture.Runtime.ExecSyncAsync(id, ["cat", "/etc/config/greeting"], TimeSpan.FromSeconds(5), ct)).StdoutText);
        var env = (await fixture.Runtime.ExecSyncAsync(id, ["env"], TimeSpan.FromSeconds(5), ct)).StdoutText.Split('\n');
        Assert.Contains("LITERAL=plain", env);
        Assert.Contains("EXPANDED=plain-more", env);
        Assert.Contains("FROM_CM=test", env);
        Assert.Contains("POD_NAME=web", env);
        Assert.Contains($"POD_IP={podIp}", env);
        var resolv = (await fixture.Runtime.ExecSyncAsync(id, ["cat", "/etc/resolv.conf"], TimeSpan.FromSeconds(5), ct)).StdoutText;
        Assert.Contains($"nameserver {fixture.Options.ClusterDnsIp}", resolv);
        Assert.Contains("search default.svc.cluster.local svc.cluster.local cluster.local", resolv);
        Assert.Contains("ndots:5", resolv);
    }

    [Fact]
    public async Task FailingContainer_GoesCrashLoopBackOff_WithRestartsCounted()
    {
        using var timeout = new CancellationTokenSource(Step);
        var ct = timeout.Token;
        await fixture.Client.CreateAsync(Resource.Pods, "default", Pod("crasher", Busybox("main", "exit 3")), ct);
        var pod = await WaitForPodAsync("crasher", p =>
            p["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"]?.ToString() == "CrashLoopBackOff", ct);
        var status = pod["status"]!["containerStatuses"]![0]!;
        Assert.True(status["restartCount"]!.GetValue<int>() >= 1);
        Assert.Equal(3, status["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.Equal("Error", status["lastState"]!["terminated"]!["reason"]!.ToString());
        Assert.Equal("Running", pod["status"]!["phase"]!.ToString());
        await WaitForEventAsync("crasher", "BackOff", ct);
    }

    [Fact]
    public async Task LivenessProbeFailure_RestartsTheContainer_WithUnhealthyAndKillingEvents()
    {
        using var timeout = new CancellationTokenSource(Step);
        var ct = timeout.Token;
        var container = Busybox("main", "trap 'exit 0' TERM; sleep 3600 & wait");
        container["livenessProbe"] = new JsonObject
        {
            ["exec"] = new JsonObject { ["command"] = new JsonArray("cat", "/tmp/healthy") },
            ["periodSeconds"] = 1,
            ["failureThreshold"] = 1,
        };
        await fixture.Client.CreateAsync(Resource.Pods, "default", Pod("unhealthy", container), ct);
        await WaitForPodAsync("unhealthy", p => p["status"]?["containerStatuses"]?[0]?["restartCount"]?.GetValue<int>() >= 1, ct);
        await WaitForEventAsync("unhealthy", "Unhealthy", ct);
        await WaitForEventAsync("unhealthy", "Killing", ct);
    }

    [Fact]
    public async Task DeletingAPod_StopsItsContainers_AndRemovesIt()
    {
        using var timeout = new CancellationTokenSource(Step);
        var ct = timeout.Token;
        var created = await fixture.Client.CreateAsync(Resource.Pods, "default", Pod("doomed", Busybox("main", "trap 'exit 0' TERM; sleep 3600 & wait")), ct);
        var uid = created["metadata"]!["uid"]!.ToString();
        await WaitForPodAsync("doomed", p => p["status"]?["phase"]?.ToString() == "Running", ct);
        Assert.NotEmpty(await ContainersOfAsync(uid, ct));

        await fixture.Client.DeleteAsync(Resource.Pods, "default", "doomed", null, ct);
        await AgentFixture.WaitForAsync(async c =>
        {
            try
            {
                await fixture.Client.GetAsync(Resource.Pods, "default", "doomed", c);
                return false;
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                return true;
            }
        }, ct);
        Assert.Empty(await ContainersOfAsync(uid, ct));
        Assert.Empty(await fixture.Runtime.ListPodSandboxesAsync(new Dictionary<string, string> { [PodLabels.PodUid] = uid }, ct));
        await WaitForEventAsync("doomed", "Killing", ct);
    }

    private async Task<IReadOnlyList<Container>> ContainersOfAsync(string uid, CancellationToken ct) =>
        await fixture.Runtime.ListContainersAsync(null, new Dictionary<string, string> { [PodLabels.PodUid] = uid }, ct);

    private async Task<string> RenewTimeAsync(CancellationToken ct) =>
        (await fixture.Client.GetAsync(Resource.Leases, "kube-node-lease", fixture.Options.NodeName, ct))["spec"]!["renewTime"]!.ToString();

    private async Task<JsonObject> WaitForPodAsync(string name, Func<JsonObject, bool> condition, CancellationToken ct)
    {
        JsonObject? last = null;
        try
        {
            while (true)
            {
                last = await fixture.Client.GetAsync(Resource.Pods, "default", name, ct);
                if (condition(last))
                    return last;
                await Task.Delay(100, ct);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"pod {name} never got there; last status: {last?["status"]?.ToJsonString()}");
        }
    }

    private async Task WaitForEventAsync(string podName, string reason, CancellationToken ct) =>
        await AgentFixture.WaitForAsync(async c =>
        {
            var events = (await fixture.Client.ListAsync(Resource.Events, "default", null, c))["items"]!.AsArray();
            return events.Any(e => e!["involvedObject"]!["name"]?.ToString() == podName && e["reason"]?.ToString() == reason);
        }, ct);

    private JsonObject Pod(string name, JsonObject container) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = fixture.Options.NodeName,
            ["terminationGracePeriodSeconds"] = 5,
            ["containers"] = new JsonArray(container),
        },
    };

    private static JsonObject Busybox(string name, string script) => new()
    {
        ["name"] = name,
        ["image"] = TestImages.Busybox,
        ["imagePullPolicy"] = "Never",
        ["command"] = new JsonArray("/bin/sh", "-c", script),
    };

    private static JsonObject Condition(JsonObject obj, string type) =>
        (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() == type)!;
}
