using System.Text.Json.Nodes;

namespace Wharf.Controllers.PodControl;

/// <summary>Builds the pod a controller creates from its template (upstream's <c>GetPodFromTemplate</c>).</summary>
public static class PodTemplates
{
    private const int MaxGenerateNamePrefix = 63 - 5; // the server appends five random characters

    /// <summary>
    /// A pod with the template's labels, annotations, finalizers and spec, the given controller reference, and
    /// generateName <c>&lt;owner&gt;-</c>.
    /// </summary>
    public static JsonObject NewPod(string ownerName, JsonObject template, JsonObject controllerRef)
    {
        var templateMeta = template["metadata"] as JsonObject;
        var meta = new JsonObject { ["generateName"] = GenerateNamePrefix(ownerName) };
        foreach (var field in new[] { "labels", "annotations", "finalizers" })
        {
            if (templateMeta?[field] is { } value) meta[field] = value.DeepClone();
        }
        meta["ownerReferences"] = new JsonArray(controllerRef.DeepClone());
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = meta,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }

    /// <summary><c>name-</c>, or the bare name when the dash would make an invalid prefix, as upstream.</summary>
    public static string GenerateNamePrefix(string ownerName)
    {
        var prefix = ownerName + "-";
        return prefix.Length <= MaxGenerateNamePrefix ? prefix : ownerName[..Math.Min(ownerName.Length, MaxGenerateNamePrefix)];
    }
}
