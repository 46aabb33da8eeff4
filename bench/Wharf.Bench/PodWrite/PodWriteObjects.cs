using System.Text.Json.Nodes;

namespace Wharf.Bench.PodWrite;

/// <summary>
/// The bodies of the pod-write benchmark: a pod as the ReplicaSet controller creates it for a typical Deployment
/// (one container with ports, env, resources and probes; owner reference; labels), the scheduler's Binding, the
/// kubelet's status merge patch once the pod runs, and a ConfigMap of about the pod's stored size as the yardstick.
/// The pods name a scheduler nobody runs, so the server's own scheduler leaves them alone.
/// </summary>
internal static class PodWriteObjects
{
    public const string SchedulerName = "podwrite-bench";
    public const string OwnerUid = "5a1d3a52-0f4e-4c6a-9b7e-6d5f2b9c1e01";

    public static JsonObject Pod(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject { ["app"] = "web", ["pod-template-hash"] = "7d4b9c8f6d", ["tier"] = "frontend" },
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "web-7d4b9c8f6d", ["uid"] = OwnerUid,
                ["controller"] = true, ["blockOwnerDeletion"] = true,
            }),
        },
        ["spec"] = new JsonObject
        {
            ["schedulerName"] = SchedulerName,
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "web",
                ["image"] = "registry.example.com/team/web:1.24.3",
                ["ports"] = new JsonArray(
                    new JsonObject { ["name"] = "http", ["containerPort"] = 8080, ["protocol"] = "TCP" },
                    new JsonObject { ["name"] = "metrics", ["containerPort"] = 9090, ["protocol"] = "TCP" }),
                ["env"] = new JsonArray(
                    new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = "info" },
                    new JsonObject { ["name"] = "LISTEN_ADDRESS", ["value"] = ":8080" },
                    new JsonObject
                    {
                        ["name"] = "POD_NAME",
                        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.name" } },
                    }),
                ["resources"] = new JsonObject
                {
                    ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" },
                    ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" },
                },
                ["livenessProbe"] = new JsonObject
                {
                    ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = "http" },
                    ["initialDelaySeconds"] = 5, ["periodSeconds"] = 10,
                },
                ["readinessProbe"] = new JsonObject
                {
                    ["httpGet"] = new JsonObject { ["path"] = "/ready", ["port"] = 8080 },
                    ["periodSeconds"] = 5,
                },
            }),
            ["terminationGracePeriodSeconds"] = 30,
        },
    };

    /// <summary>What the scheduler posts to <c>pods/NAME/binding</c>.</summary>
    public static JsonObject Binding(string ns, string name, string uid, string node) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Binding",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = uid },
        ["target"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node },
    };

    /// <summary>The kubelet's merge patch of <c>pods/NAME/status</c> once the container runs and is ready.</summary>
    public static JsonObject RunningStatus(int index, string hostIp, DateTime now)
    {
        var at = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var podIp = $"10.42.{index / 250 % 250}.{index % 250 + 2}";
        JsonObject Condition(string type) => new() { ["type"] = type, ["status"] = "True", ["lastProbeTime"] = null, ["lastTransitionTime"] = at };
        return new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(Condition("PodReadyToStartContainers"), Condition("Initialized"), Condition("Ready"),
                    Condition("ContainersReady"), Condition("PodScheduled")),
                ["hostIP"] = hostIp,
                ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
                ["podIP"] = podIp,
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
                ["startTime"] = at,
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = "web",
                    ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = at } },
                    ["lastState"] = new JsonObject(),
                    ["ready"] = true,
                    ["restartCount"] = 0,
                    ["image"] = "registry.example.com/team/web:1.24.3",
                    ["imageID"] = "registry.example.com/team/web@sha256:4f1c0a4e7d1b0f0f1f7a9a3f4e0f2b6a9d3c1e8f7b6a5d4c3b2a1f0e9d8c7b6a",
                    ["containerID"] = $"containerd://{index:x8}a4c2e1f0b9d8c7a6e5f4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4",
                    ["started"] = true,
                }),
            },
        };
    }

    /// <summary>A ConfigMap whose stored size is about a created pod's (~2.5 KB), the yardstick write.</summary>
    public static JsonObject ConfigMap(string name)
    {
        var data = new JsonObject();
        for (var i = 0; i < 8; i++)
            data[$"setting-{i}.conf"] = new string((char)('a' + i), 240);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "web", ["tier"] = "frontend" } },
            ["data"] = data,
        };
    }
}
