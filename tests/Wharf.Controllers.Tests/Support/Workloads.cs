using System.Text.Json.Nodes;

namespace Wharf.Controllers.Tests.Support;

/// <summary>Builders of ReplicaSets, ReplicationControllers, Deployments and pods for the workload tests.</summary>
internal static class Workloads
{
    public static JsonObject Template(string app, string image = "nginx:1.27") => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = image }),
        },
    };

    public static JsonObject ReplicaSet(string ns, string name, int replicas, string app, int minReadySeconds = 0) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "ReplicaSet",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["minReadySeconds"] = minReadySeconds,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
            ["template"] = Template(app),
        },
    };

    public static JsonObject ReplicationController(string ns, string name, int replicas, string app) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ReplicationController",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["app"] = app },
            ["template"] = Template(app),
        },
    };

    public static JsonObject Deployment(string ns, string name, int replicas, string app, string image = "nginx:1.27", JsonObject? strategy = null) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
            ["template"] = Template(app, image),
            ["strategy"] = strategy ?? new JsonObject { ["type"] = "RollingUpdate" },
        },
    };

    public static JsonObject Pod(string ns, string name, string app) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = app } },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "nginx:1.27" }),
        },
    };
}
