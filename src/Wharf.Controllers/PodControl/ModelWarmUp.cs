using System.Text.Json.Nodes;
using k8s.Models;

namespace Wharf.Controllers.PodControl;

/// <summary>
/// Runs the typed round trips of the Deployment controller (<see cref="ModelJson"/>: JSON tree → model, model →
/// tree, copies, write answers) once over a representative Deployment and ReplicaSet, when the controllers start.
/// The first such round trip in a process builds the serializer's metadata for the whole model graph and compiles
/// KubernetesClient's generated accessors (the library is not precompiled): in a density run that was ~0.5 s of CPU
/// inside the first second of the first burst of Deployments, on the hot path of every worker at once. Done here, it
/// costs the same once, while the manager is otherwise waiting for its informers to sync.
/// </summary>
internal static class ModelWarmUp
{
    public static void Run()
    {
        var deployment = Deployment();
        var d = ModelJson.ToModel<V1Deployment>(deployment);
        _ = ModelJson.ToJson(ModelJson.Copy(d));
        _ = ModelJson.ToNode(d.Status);
        var rs = ModelJson.AnswerToModel<V1ReplicaSet>(ReplicaSet(deployment));
        _ = ModelJson.ToJson(ModelJson.Copy(rs));
        _ = ModelJson.ToModel<V1OwnerReference>(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "warm-up", ["uid"] = "0", ["controller"] = true });
        _ = ModelJson.ToModel<V1Pod>(new JsonObject { ["metadata"] = Metadata(), ["spec"] = PodSpec() });
    }

    private static JsonObject Metadata() => new()
    {
        ["name"] = "warm-up",
        ["namespace"] = "default",
        ["uid"] = "00000000-0000-0000-0000-000000000000",
        ["resourceVersion"] = "1",
        ["generation"] = 1,
        ["creationTimestamp"] = "2026-01-01T00:00:00Z",
        ["labels"] = new JsonObject { ["app"] = "warm-up" },
        ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = "1" },
        ["managedFields"] = new JsonArray(new JsonObject
        {
            ["manager"] = "warm-up", ["operation"] = "Update", ["apiVersion"] = "apps/v1", ["time"] = "2026-01-01T00:00:00Z",
            ["fieldsType"] = "FieldsV1", ["fieldsV1"] = new JsonObject { ["f:spec"] = new JsonObject() },
        }),
    };

    private static JsonObject PodSpec() => new()
    {
        ["containers"] = new JsonArray(new JsonObject
        {
            ["name"] = "c",
            ["image"] = "warm-up:1",
            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80, ["protocol"] = "TCP" }),
            ["resources"] = new JsonObject
            {
                ["requests"] = new JsonObject { ["cpu"] = "10m", ["memory"] = "16Mi" },
                ["limits"] = new JsonObject { ["cpu"] = "1", ["memory"] = "1Gi" },
            },
            ["terminationMessagePath"] = "/dev/termination-log",
            ["terminationMessagePolicy"] = "File",
            ["imagePullPolicy"] = "IfNotPresent",
        }),
        ["restartPolicy"] = "Always",
        ["terminationGracePeriodSeconds"] = 30,
        ["dnsPolicy"] = "ClusterFirst",
        ["securityContext"] = new JsonObject(),
        ["schedulerName"] = "default-scheduler",
        ["tolerations"] = new JsonArray(new JsonObject { ["key"] = "node.kubernetes.io/not-ready", ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 }),
    };

    private static JsonObject Template() => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "warm-up" } },
        ["spec"] = PodSpec(),
    };

    internal static JsonObject Deployment() => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = Metadata(),
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "warm-up" } },
            ["template"] = Template(),
            ["strategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
            },
            ["revisionHistoryLimit"] = 10,
            ["progressDeadlineSeconds"] = 600,
        },
        ["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = 1, ["updatedReplicas"] = 1, ["readyReplicas"] = 1, ["availableReplicas"] = 1,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Available", ["status"] = "True", ["reason"] = "MinimumReplicasAvailable", ["message"] = "warm-up",
                ["lastUpdateTime"] = "2026-01-01T00:00:00Z", ["lastTransitionTime"] = "2026-01-01T00:00:00Z",
            }),
        },
    };

    internal static JsonObject ReplicaSet(JsonObject deployment) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "ReplicaSet",
        ["metadata"] = Metadata(),
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["minReadySeconds"] = 0,
            ["selector"] = deployment["spec"]!["selector"]!.DeepClone(),
            ["template"] = Template(),
        },
        ["status"] = new JsonObject { ["replicas"] = 1, ["fullyLabeledReplicas"] = 1, ["readyReplicas"] = 1, ["availableReplicas"] = 1, ["observedGeneration"] = 1 },
    };
}
