using System.Text.Json.Nodes;

namespace Wharf.Bench.Scheduler;

/// <summary>
/// Pods shaped like upstream scheduler_perf's templates (pause container, 100m CPU / 500Mi requests; the affinity,
/// spreading and priority variants), plus the PriorityClasses that stand for their integer priorities, since
/// Wharf's admission (like upstream's) computes spec.priority from the class and refuses a bare integer.
/// </summary>
internal static class PodTemplates
{
    public const string LowPriorityClass = "bench-low";
    public const string HighPriorityClass = "bench-high";
    private const string Hostname = "kubernetes.io/hostname";
    private const string ZoneKey = "topology.kubernetes.io/zone";
    private static readonly string[] AffinityNamespaces = ["sched-0", "sched-1"];

    public static JsonObject PriorityClass(string name, int value) => new()
    {
        ["apiVersion"] = "scheduling.k8s.io/v1",
        ["kind"] = "PriorityClass",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["value"] = value,
    };

    public static JsonObject Pod(PodShape shape, string name)
    {
        var (cpu, labels) = shape switch
        {
            PodShape.LowPriority => ("900m", null),
            PodShape.HighPriority or PodShape.WholeNode => ("3000m", null),
            PodShape.PodAntiAffinity => ("100m", new JsonObject { ["color"] = "green" }),
            PodShape.TopologySpreading => ("100m", new JsonObject { ["color"] = "blue" }),
            PodShape.PodAffinity or PodShape.PreferredPodAffinity or PodShape.PreferredPodAntiAffinity => ("100m", new JsonObject { ["foo"] = "" }),
            _ => ("100m", (JsonObject?)null),
        };
        var resources = new JsonObject { ["cpu"] = cpu, ["memory"] = "500Mi" };
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "pause",
                ["image"] = "registry.k8s.io/pause:3.10",
                ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80 }),
                ["resources"] = new JsonObject { ["requests"] = resources, ["limits"] = resources.DeepClone() },
            }),
        };
        switch (shape)
        {
            case PodShape.LowPriority:
                spec["priorityClassName"] = LowPriorityClass;
                spec["terminationGracePeriodSeconds"] = 0;
                break;
            case PodShape.HighPriority:
                spec["priorityClassName"] = HighPriorityClass;
                break;
            case PodShape.PodAntiAffinity:
                spec["affinity"] = new JsonObject { ["podAntiAffinity"] = Required(Term("color", "green", Hostname)) };
                break;
            case PodShape.PodAffinity:
                spec["affinity"] = new JsonObject { ["podAffinity"] = Required(Term("foo", "", ZoneKey)) };
                break;
            case PodShape.PreferredPodAffinity:
                spec["affinity"] = new JsonObject { ["podAffinity"] = Preferred(Term("foo", "", Hostname)) };
                break;
            case PodShape.PreferredPodAntiAffinity:
                spec["affinity"] = new JsonObject { ["podAntiAffinity"] = Preferred(Term("foo", "", Hostname)) };
                break;
            case PodShape.TopologySpreading:
                spec["topologySpreadConstraints"] = new JsonArray(new JsonObject
                {
                    ["maxSkew"] = 5,
                    ["topologyKey"] = ZoneKey,
                    ["whenUnsatisfiable"] = "DoNotSchedule",
                    ["labelSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["color"] = "blue" } },
                });
                break;
        }
        var metadata = new JsonObject { ["name"] = name };
        if (labels is not null) metadata["labels"] = labels;
        return new JsonObject { ["metadata"] = metadata, ["spec"] = spec };
    }

    private static JsonObject Term(string key, string value, string topologyKey) => new()
    {
        ["labelSelector"] = new JsonObject
        {
            ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = key, ["operator"] = "In", ["values"] = new JsonArray(value) }),
        },
        ["topologyKey"] = topologyKey,
        ["namespaces"] = new JsonArray([.. AffinityNamespaces.Select(n => (JsonNode)n)]),
    };

    private static JsonObject Required(JsonObject term) => new() { ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonArray(term) };

    private static JsonObject Preferred(JsonObject term) => new()
    {
        ["preferredDuringSchedulingIgnoredDuringExecution"] = new JsonArray(new JsonObject { ["weight"] = 1, ["podAffinityTerm"] = term }),
    };
}
