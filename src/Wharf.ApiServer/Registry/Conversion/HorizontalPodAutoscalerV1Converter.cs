using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Registry.Conversion;

/// <summary>
/// autoscaling/v1 HorizontalPodAutoscaler ↔ the stored autoscaling/v2 form: targetCPUUtilizationPercentage is the
/// v2 cpu Resource metric with an Utilization target; the current CPU utilization likewise in status.
/// v2-only content (other metrics, behavior, conditions) is not visible through v1.
/// </summary>
public sealed class HorizontalPodAutoscalerV1Converter : IVersionConverter
{
    public JsonObject ToStorage(JsonObject served)
    {
        var stored = served.DeepClone().AsObject();
        stored["apiVersion"] = "autoscaling/v2";
        var spec = stored.Obj("spec");
        if (spec["targetCPUUtilizationPercentage"].Long() is { } target)
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = target },
                },
            });
        }
        spec.Remove("targetCPUUtilizationPercentage");
        if (stored["status"] is JsonObject status)
        {
            if (status["currentCPUUtilizationPercentage"].Long() is { } current)
            {
                status["currentMetrics"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Resource",
                    ["resource"] = new JsonObject
                    {
                        ["name"] = "cpu",
                        ["current"] = new JsonObject { ["averageUtilization"] = current },
                    },
                });
            }
            status.Remove("currentCPUUtilizationPercentage");
        }
        return stored;
    }

    public JsonObject FromStorage(JsonObject stored)
    {
        var served = stored.DeepClone().AsObject();
        served["apiVersion"] = "autoscaling/v1";
        var spec = served.Obj("spec");
        var cpu = CpuMetric(spec["metrics"]);
        if (cpu?["resource"]?["target"]?["averageUtilization"].Long() is { } target)
            spec["targetCPUUtilizationPercentage"] = target;
        spec.Remove("metrics");
        spec.Remove("behavior");
        if (served["status"] is JsonObject status)
        {
            var current = CpuMetric(status["currentMetrics"]);
            if (current?["resource"]?["current"]?["averageUtilization"].Long() is { } utilization)
                status["currentCPUUtilizationPercentage"] = utilization;
            status.Remove("currentMetrics");
            status.Remove("conditions");
        }
        return served;
    }

    private static JsonObject? CpuMetric(JsonNode? metrics) =>
        metrics.Objects().FirstOrDefault(m => m.Str("type") == "Resource" && m["resource"].Str("name") == "cpu");
}
