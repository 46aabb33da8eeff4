using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Patching;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Serialization;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// PATCH for every resource and the status subresource: JSON patch, merge patch, strategic merge patch and
/// server-side apply, applied inside the store's read-modify-write loop so concurrent writers are retried.
/// </summary>
public sealed class PatchHandler(ResourceStore store, IPatchEngine engine)
{
    public async Task<(WrittenObject Object, bool Created)> PatchAsync(RequestContext request, WriteOptions options)
    {
        var patchType = MediaTypes.Essence(request.Http.Request.ContentType);
        if (!MediaTypes.PatchTypes.Contains(patchType))
            throw StatusErrors.UnsupportedMediaType(patchType, MediaTypes.PatchTypes);
        var body = await BodyDecoder.ReadAllAsync(request.Http.Request, request.Aborted);
        BodyDecoder.RequireUtf8(body, "patch");
        var isApply = patchType == MediaTypes.ApplyPatch;
        if (isApply && string.IsNullOrEmpty(request.QueryValue("fieldManager")))
            throw StatusErrors.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        var force = request.QueryFlag("force");
        if (request.QueryValue("force") is not null && !isApply)
            throw StatusErrors.BadRequest("force: Forbidden: may not be specified for non-apply patch");

        options = options with { Subresource = request.Info.Subresource, ManagedFieldsComputed = isApply };
        var created = false;
        Func<JsonObject>? createIfMissing = null;
        if (isApply && request.Info.Subresource is null)
        {
            createIfMissing = () =>
            {
                created = true;
                var obj = engine.Apply(patchType, null, body, request.Kind, options, force);
                var meta = obj["metadata"] as JsonObject;
                if (meta is not null && string.IsNullOrEmpty(meta.Str("name"))) meta["name"] = request.Info.Name;
                if (meta.Str("name") != request.Info.Name)
                    throw StatusErrors.BadRequest($"the name of the object ({meta.Str("name")}) does not match the name on the URL ({request.Info.Name})");
                return obj;
            };
        }
        var nothingToReport = Validation.FieldValidation.PatchLeavesNothingToReport(request.Http, request.Kind, patchType, body);
        var result = await store.GuaranteedUpdateWrittenAsync(request.Kind, request.Namespace, request.Info.Name!, request.Info.Subresource,
            current =>
            {
                var desired = engine.Apply(patchType, current, body, request.Kind, options, force);
                if (!nothingToReport) Validation.FieldValidation.Check(request.Http, request.Kind, desired);
                return desired;
            }, options, request.Aborted, createIfMissing, PatchPreconditions.ResourceVersionOf(patchType, body));
        return (result, created);
    }
}

/// <summary>The resourceVersion a patch body names (kubectl label --resource-version), which makes the patch conditional.</summary>
internal static class PatchPreconditions
{
    public static string? ResourceVersionOf(string patchType, ReadOnlySpan<byte> body)
    {
        try
        {
            if (patchType == MediaTypes.JsonPatch)
            {
                return (JsonNode.Parse(body) as JsonArray)?.OfType<JsonObject>()
                    .Where(op => op.Str("path") == "/metadata/resourceVersion" && op.Str("op") is "add" or "replace" or "test")
                    .Select(op => op["value"]?.ToString())
                    .LastOrDefault();
            }
            if (!BodyDecoder.IsJsonObject(body)) return null; // YAML apply bodies: apply does not take preconditions
            return (JsonNode.Parse(body) as JsonObject)?["metadata"].Str("resourceVersion");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return null; // The engine reports malformed patches.
        }
    }
}
