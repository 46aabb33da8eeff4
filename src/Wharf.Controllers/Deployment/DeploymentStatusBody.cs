using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Client.Rest;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Deployment;

/// <summary>
/// The body of a Deployment status write: the pass's Deployment with the status to write and, when given, a new
/// revision annotation, written from the model straight into the request's bytes. A pass used to serialise the whole
/// Deployment, parse that text into a tree, set status (and annotation) there and write the tree again; this writes
/// the same bytes (the request writer's escaping decides both) without the tree. The revision annotation still goes
/// through a tree of the metadata alone, so that an annotation map the Deployment did not have lands last in its
/// metadata, where the tree put it.
/// </summary>
internal static class DeploymentStatusBody
{
    /// <summary>
    /// V1Deployment's members in the order its model writes them: what a body is written from (a test holds the
    /// model to this).
    /// </summary>
    internal static readonly string[] Members = ["apiVersion", "kind", "metadata", "spec", "status"];

    public static byte[] Write(V1Deployment d, V1DeploymentStatus? status, string? revision)
    {
        if (revision is null)
        {
            // One serialisation of a shallow copy holding the status: one write stack for the whole body.
            var body = new V1Deployment { ApiVersion = d.ApiVersion, Kind = d.Kind, Metadata = d.Metadata, Spec = d.Spec, Status = status };
            return JsonBody.Write(body, static (w, body) => JsonSerializer.Serialize(w, body, ModelJson.Options));
        }
        var metadata = MetadataWithRevision(d.Metadata, revision);
        return JsonBody.Write((d, status, metadata), static (w, body) => WriteTo(w, body.d, body.status, body.metadata));
    }

    private static void WriteTo(Utf8JsonWriter writer, V1Deployment d, V1DeploymentStatus? status, JsonObject metadata)
    {
        writer.WriteStartObject();
        if (d.ApiVersion is { } apiVersion) writer.WriteString("apiVersion", apiVersion);
        if (d.Kind is { } kind) writer.WriteString("kind", kind);
        writer.WritePropertyName("metadata");
        metadata.WriteTo(writer);
        Member(writer, "spec", d.Spec);
        Member(writer, "status", status);
        writer.WriteEndObject();
    }

    private static void Member<T>(Utf8JsonWriter writer, string name, T? value) where T : class
    {
        if (value is null) return;
        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, value, ModelJson.Options);
    }

    /// <summary>The metadata with the revision annotation set: in place when it was there, last otherwise.</summary>
    private static JsonObject MetadataWithRevision(V1ObjectMeta metadata, string revision)
    {
        var json = ModelJson.ToJson(metadata);
        var annotations = json["annotations"] as JsonObject ?? new JsonObject();
        json["annotations"] = annotations;
        annotations[DeploymentAnnotations.Revision] = revision;
        return json;
    }
}
