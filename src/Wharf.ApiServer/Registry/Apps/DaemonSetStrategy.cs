using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Registry.Apps;

/// <summary>
/// DaemonSets keep upstream's template generation: 1 on create, one more each time the pod template changes, carried in
/// apps/v1 by the <c>deprecated.daemonset.template.generation</c> annotation that the DaemonSet controller stamps
/// on its pods as <c>pod-template-generation</c>.
/// </summary>
internal sealed class DaemonSetStrategy : ResourceStrategy
{
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    public DaemonSetStrategy()
    {
        HasStatusSubresource = true;
        TracksGeneration = true;
        WorkloadKind = "DaemonSet";
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        SetTemplateGeneration(obj, 1);
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        base.PrepareForUpdate(obj, old);
        var oldGeneration = TemplateGeneration(old) ?? 1;
        var templateChanged = !JsonNode.DeepEquals(obj["spec"]?["template"], old["spec"]?["template"]);
        SetTemplateGeneration(obj, templateChanged ? oldGeneration + 1 : oldGeneration);
    }

    private static long? TemplateGeneration(JsonObject obj) =>
        obj["metadata"]?["annotations"]?[TemplateGenerationAnnotation]?.GetValue<string>() is { } text
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static void SetTemplateGeneration(JsonObject obj, long generation)
    {
        var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
        obj["metadata"] = metadata;
        var annotations = metadata["annotations"] as JsonObject ?? new JsonObject();
        metadata["annotations"] = annotations;
        annotations[TemplateGenerationAnnotation] = generation.ToString(CultureInfo.InvariantCulture);
    }
}
