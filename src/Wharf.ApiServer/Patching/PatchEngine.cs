using System.Text.Json.Nodes;
using Wharf.Api.Patch;
using Wharf.Api.Patch.MergePatch;
using Wharf.Api.Patch.Schema;
using Wharf.Api.Patch.Strategic;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Serialization;
using JsonPatch = Wharf.Api.Patch.JsonPatch.JsonPatchDocument;

namespace Wharf.ApiServer.Patching;

/// <summary>
/// Dispatches a PATCH body to the engine for its media type. Strategic merge patch uses the built-in kinds'
/// merge keys from the schema table and falls back to merge-patch semantics for kinds without a schema (CRDs),
/// as upstream does.
/// </summary>
public sealed class PatchEngine(ManagedFieldsTracker managedFields) : IPatchEngine
{
    private static readonly Lazy<DefinitionsPatchSchema> Schema = new(LoadSchema);

    public JsonObject Apply(string patchType, JsonObject? current, ReadOnlyMemory<byte> patch, ResourceKind kind, WriteOptions options, bool force)
    {
        try
        {
            return patchType switch
            {
                MediaTypes.JsonPatch => AsObject(JsonPatch.Apply(Require(current, kind), patch.Span)),
                MediaTypes.MergePatch => AsObject(JsonMergePatch.Apply(Require(current, kind), patch.Span)),
                MediaTypes.StrategicMergePatch => StrategicMergePatch.Apply(Require(current, kind), patch.Span, SchemaFor(kind)),
                MediaTypes.ApplyPatch => managedFields.Apply(kind, current, ParseApplied(patch), options.Subresource, options, force),
                _ => throw StatusErrors.UnsupportedMediaType(patchType, MediaTypes.PatchTypes),
            };
        }
        catch (PatchException e)
        {
            throw e.StatusCode == 400 ? StatusErrors.BadRequest(e.Message) : new StatusException(422, "UnprocessableEntity", e.Message);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            // Bodies that are not valid UTF-8 JSON never reach the engines' own checks.
            throw StatusErrors.BadRequest($"error decoding patch: {e.Message}");
        }
    }

    /// <summary>Apply bodies are YAML (kubectl sends JSON, which is YAML too).</summary>
    private static JsonObject ParseApplied(ReadOnlyMemory<byte> patch)
    {
        return BodyDecoder.IsJsonObject(patch.Span) ? BodyDecoder.ParseJsonObject(patch.Span) : YamlToJson.Convert(patch.ToArray());
    }

    public static SchemaNode? SchemaFor(ResourceKind kind) =>
        kind.CustomResourceSchema is null ? Schema.Value.FindKind(kind.GroupVersion, kind.Kind) : null;

    private static JsonObject Require(JsonObject? current, ResourceKind kind) =>
        current ?? throw StatusErrors.NotFound(kind.QualifiedResource, kind.Group, kind.Plural, "");

    private static JsonObject AsObject(JsonNode? node) =>
        node as JsonObject ?? throw StatusErrors.BadRequest("the patch result is not a JSON object");

    private static DefinitionsPatchSchema LoadSchema()
    {
        using var stream = typeof(Wharf.Api.Schema.ApiSchema).Assembly.GetManifestResourceStream("Wharf.Api.Schema.api-schema.json")
            ?? throw new InvalidOperationException("the API schema table is missing from Wharf.Api.Schema");
        return new DefinitionsPatchSchema(JsonNode.Parse(stream)!.AsObject());
    }
}
