using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Client.Rest;
using Wharf.JsonTrees;

namespace Wharf.Controllers.PodControl;

/// <summary>Builds the pod a controller creates from its template (upstream's <c>GetPodFromTemplate</c>).</summary>
public static class PodTemplates
{
    private const int MaxGenerateNamePrefix = 63 - 5; // the server appends five random characters

    private static readonly string[] CopiedMetadata = ["labels", "annotations", "finalizers"];

    /// <summary>
    /// A pod with the template's labels, annotations, finalizers and spec, the given controller reference, and
    /// generateName <c>&lt;owner&gt;-</c>, for callers that change it before creating it.
    /// </summary>
    public static JsonObject NewPod(string ownerName, JsonObject template, JsonObject controllerRef) =>
        JsonTreeReader.Parse(NewPodUtf8(ownerName, template, controllerRef))!.AsObject();

    /// <summary>
    /// <see cref="NewPod"/>'s JSON (UTF-8) written straight from the template, without copying its nodes into a new
    /// tree: the bytes <see cref="NewPod"/>'s tree writes, so the request body is the same.
    /// </summary>
    public static byte[] NewPodUtf8(string ownerName, JsonObject template, JsonObject controllerRef) =>
        JsonBody.Write((ownerName, template, controllerRef), static (w, pod) => WritePod(w, pod.ownerName, pod.template, pod.controllerRef));

    /// <summary>Whether the pod built from <paramref name="template"/> has labels (pods without any cannot be matched).</summary>
    public static bool HasLabels(JsonObject template) => template["metadata"]?["labels"] is JsonObject { Count: > 0 };

    private static void WritePod(Utf8JsonWriter writer, string ownerName, JsonObject template, JsonObject controllerRef)
    {
        var templateMeta = template["metadata"] as JsonObject;
        writer.WriteStartObject();
        writer.WriteString("apiVersion", "v1");
        writer.WriteString("kind", "Pod");
        writer.WriteStartObject("metadata");
        writer.WriteString("generateName", GenerateNamePrefix(ownerName));
        foreach (var field in CopiedMetadata)
        {
            if (templateMeta?[field] is not { } value) continue;
            writer.WritePropertyName(field);
            value.WriteTo(writer);
        }
        writer.WriteStartArray("ownerReferences");
        controllerRef.WriteTo(writer);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WritePropertyName("spec");
        if (template["spec"] is { } spec) spec.WriteTo(writer);
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary><c>name-</c>, or the bare name when the dash would make an invalid prefix, as upstream.</summary>
    public static string GenerateNamePrefix(string ownerName)
    {
        var prefix = ownerName + "-";
        return prefix.Length <= MaxGenerateNamePrefix ? prefix : ownerName[..Math.Min(ownerName.Length, MaxGenerateNamePrefix)];
    }
}
