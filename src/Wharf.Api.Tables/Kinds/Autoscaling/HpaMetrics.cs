using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Autoscaling;

/// <summary>
/// An HPA's TARGETS cell: <c>cpu: 45%/80%</c>, <c>memory: 100Mi/200Mi</c>, <c>5/10 (avg)</c>,
/// <c>&lt;unknown&gt;</c> for metrics not yet observed; two at most, then <c>+ N more...</c>.
/// Reads autoscaling/v2 <c>spec.metrics</c>, or the v1 <c>targetCPUUtilizationPercentage</c> form.
/// </summary>
internal static class HpaMetrics
{
    private const int Max = 2;
    private const string Unknown = "<unknown>";

    // Quantity.String() on a nil pointer.
    private const string NilQuantity = "<nil>";

    public static string Format(JsonObject hpa)
    {
        var (specs, statuses) = Read(hpa);
        var list = specs.Select((spec, i) => Describe(spec, i < statuses.Count ? statuses[i] : null)).ToList();
        var text = string.Join(", ", list.Take(Max));
        return list.Count > Max
            ? text + " + " + (list.Count - Max).ToString(CultureInfo.InvariantCulture) + " more..."
            : text;
    }

    private const long DefaultCpuUtilization = 80;

    private static (IReadOnlyList<JsonObject> Specs, IReadOnlyList<JsonObject?> Statuses) Read(JsonObject hpa)
    {
        if (hpa.At("spec", "metrics") is JsonArray { Count: > 0 } metrics)
        {
            return (metrics.OfType<JsonObject>().ToList(), hpa.Arr("status", "currentMetrics").Select(m => m as JsonObject).ToList());
        }

        // autoscaling/v1 converts to a single CPU utilization metric; with no target at all, defaulting
        // (applied when upstream reads the object back) gives 80% CPU.
        var target = hpa.LongOrNull("spec", "targetCPUUtilizationPercentage") ?? DefaultCpuUtilization;
        var spec = CpuMetric("target", new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = target });
        var statuses = hpa.Arr("status", "currentMetrics").Select(m => m as JsonObject).ToList();
        if (hpa.LongOrNull("status", "currentCPUUtilizationPercentage") is { } current)
        {
            statuses = [CpuMetric("current", new JsonObject { ["averageUtilization"] = current })];
        }

        return ([spec], statuses);
    }

    private static JsonObject CpuMetric(string field, JsonObject value) =>
        new() { ["type"] = "Resource", ["resource"] = new JsonObject { ["name"] = "cpu", [field] = value } };

    private static string Describe(JsonObject spec, JsonObject? status)
    {
        switch (spec.Str("type"))
        {
            case "External":
                return ValueTarget(spec.At("external", "target"), status?.At("external"));
            case "Object":
                return ValueTarget(spec.At("object", "target"), status?.At("object"));
            case "Pods":
                var podsCurrent = status?.At("pods") is { } pods ? Q(pods, "current", "averageValue") : Unknown;
                return podsCurrent + "/" + Q(spec, "pods", "target", "averageValue");
            case "Resource":
                return ResourceTarget(spec.At("resource"), status?.At("resource"));
            case "ContainerResource":
                return ResourceTarget(spec.At("containerResource"), status?.At("containerResource"));
            default:
                return "<unknown type>";
        }
    }

    // External and Object metrics: "current/target (avg)" for average values, else "current/target".
    private static string ValueTarget(JsonNode? target, JsonNode? status)
    {
        if (target.Has("averageValue"))
        {
            var avg = status is not null && status.Has("current", "averageValue") ? Q(status, "current", "averageValue") : Unknown;
            return avg + "/" + Q(target, "averageValue") + " (avg)";
        }

        var current = status is not null ? Q(status, "current", "value") : Unknown;
        return current + "/" + Q(target, "value");
    }

    // Resource metrics: "name: current/target", utilization in percent (target "<auto>" when unset).
    private static string ResourceTarget(JsonNode? source, JsonNode? status)
    {
        var name = source.Str("name");
        if (source.Has("target", "averageValue"))
        {
            var avg = status is not null ? Q(status, "current", "averageValue") : Unknown;
            return name + ": " + avg + "/" + Q(source, "target", "averageValue");
        }

        var current = status.LongOrNull("current", "averageUtilization") is { } cu
            ? cu.ToString(CultureInfo.InvariantCulture) + "%"
            : Unknown;
        var target = source.LongOrNull("target", "averageUtilization") is { } tu
            ? tu.ToString(CultureInfo.InvariantCulture) + "%"
            : "<auto>";
        return name + ": " + current + "/" + target;
    }

    private static string Q(JsonNode? node, params string[] path) => Quantity.Read(node, path) ?? NilQuantity;
}
