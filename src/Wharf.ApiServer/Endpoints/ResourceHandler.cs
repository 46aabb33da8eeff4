using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Rest.Selectors;
using Wharf.ApiServer.Serialization;
using Wharf.ApiServer.Tables;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// Serves the verbs of every stored resource over HTTP on top of <see cref="ResourceStore"/>: decoding bodies,
/// query options, Tables, and the status subresource. Other subresources are dispatched by
/// <see cref="SubresourceHandlers"/>.
/// </summary>
public sealed class ResourceHandler(ResourceStore store, BodyDecoder decoder, TableBuilder tables, WatchHandler watches, PatchHandler patches)
{
    public async Task HandleAsync(RequestContext request)
    {
        var info = request.Info;
        var kind = request.Kind;
        if (!kind.Stored)
            throw StatusErrors.MethodNotSupported(kind.QualifiedResource, info.Verb);
        if (info.Subresource is { } sub && sub != "status")
            throw StatusErrors.ResourceNotFound(request.Http.Request.Path);
        if (info.Subresource == "status" && info.Verb is not ("get" or "update" or "patch"))
            throw StatusErrors.MethodNotSupported($"{kind.QualifiedResource}/status", info.Verb);
        if (info.Verb is not ("watch" or "patch" or "update" or "get") && !kind.Supports(info.Verb))
            throw StatusErrors.MethodNotSupported(kind.QualifiedResource, info.Verb);

        switch (info.Verb)
        {
            case "get":
                await GetAsync(request);
                break;
            case "list":
                await ListAsync(request);
                break;
            case "watch":
                await watches.ServeAsync(request, ParseListOptions(request));
                break;
            case "create":
                await CreateAsync(request);
                break;
            case "update":
                await UpdateAsync(request);
                break;
            case "patch":
                var (patched, created) = await patches.PatchAsync(request, WriteOptionsOf(request));
                await WriteWrittenAsync(request, created ? 201 : 200, patched);
                break;
            case "delete":
                await DeleteAsync(request);
                break;
            case "deletecollection":
                await DeleteCollectionAsync(request);
                break;
            default:
                throw StatusErrors.MethodNotSupported(kind.QualifiedResource, info.Verb);
        }
    }

    private async Task GetAsync(RequestContext request)
    {
        var stored = await store.GetStoredAsync(request.Kind, request.Namespace, request.Info.Name!, request.Aborted);
        // as=PartialObjectMetadata (a metadata-only client): the object's metadata, cut from the stored bytes when it can be.
        if (request.Accept.MetadataOnlyVersion is { } version)
        {
            await HttpResponses.WriteBytesAsync(request.Http, 200, PartialMetadataProjection.Project(request.Kind, stored, version));
            return;
        }
        // A JSON answer is the stored bytes with the resourceVersion spliced in; Tables need the parsed object.
        if (!request.Accept.WantsTable && HttpResponses.TryWriteStoredAsync(request.Http, 200, request.Kind, stored) is { } written)
        {
            await written;
            return;
        }
        await WriteObjectAsync(request, 200, ResourceStore.Output(request.Kind, ObjectCodec.Decode(stored)));
    }

    private async Task ListAsync(RequestContext request)
    {
        var options = ParseListOptions(request);
        if (!request.Accept.WantsTable && options.LabelSelector.IsEmpty && options.FieldSelector.IsEmpty)
        {
            // Nothing needs the parsed objects: write the stored bytes as they are read.
            await ListResponseWriter.WriteStoredAsync(request.Http, request.Kind, request.Accept.MetadataOnlyVersion, await store.ListStoredAsync(request.Kind, request.Namespace, options, request.Aborted));
            return;
        }
        var page = await store.ListAsync(request.Kind, request.Namespace, options, request.Aborted);
        if (request.Accept.WantsTable)
        {
            var include = request.QueryValue("includeObject");
            TableBuilder.ValidateIncludeObject(include);
            await HttpResponses.WriteJsonAsync(request.Http, 200,
                tables.Build(request.Kind, page.Items, request.Accept.TableVersion, include, page.Revision.ToString(CultureInfo.InvariantCulture), page.Continue));
            return;
        }
        await ListResponseWriter.WriteObjectsAsync(request.Http, request.Kind, request.Accept.MetadataOnlyVersion, page);
    }

    private async Task CreateAsync(RequestContext request)
    {
        if (request.Info.Name is not null)
            throw StatusErrors.MethodNotSupported(request.Kind.QualifiedResource, "create");
        var obj = await ReadObjectAsync(request);
        var created = await store.CreateWrittenAsync(request.Kind, request.Namespace, obj, WriteOptionsOf(request), request.Aborted);
        await WriteWrittenAsync(request, 201, created);
    }

    private async Task UpdateAsync(RequestContext request)
    {
        var obj = await ReadObjectAsync(request);
        var (updated, created) = await store.UpdateWrittenAsync(request.Kind, request.Namespace, request.Info.Name!, obj, request.Info.Subresource, WriteOptionsOf(request), request.Aborted);
        await WriteWrittenAsync(request, created ? 201 : 200, updated);
    }

    /// <summary>A write's answer: the stored bytes with the resourceVersion spliced in when they can be served as they are.</summary>
    private async Task WriteWrittenAsync(RequestContext request, int code, WrittenObject written)
    {
        if (!request.Accept.WantsTable && written.Undecoded is { } stored
            && HttpResponses.TryWriteStoredAsync(request.Http, code, request.Kind, stored) is { } answered)
        {
            await answered;
            return;
        }
        await WriteObjectAsync(request, code, written.Object);
    }

    private async Task DeleteAsync(RequestContext request)
    {
        var options = await ReadDeleteOptionsAsync(request);
        var result = await store.DeleteAsync(request.Kind, request.Namespace, request.Info.Name!, options, request.Aborted);
        // 200 with the object whether it is gone or only marked (finalizers, graceful deletion); 202 is upstream's
        // answer only for asynchronous deletes, which kubectl treats alike.
        await WriteObjectAsync(request, 200, result.Object);
    }

    private async Task DeleteCollectionAsync(RequestContext request)
    {
        var listOptions = ParseListOptions(request);
        var deleteOptions = await ReadDeleteOptionsAsync(request);
        var page = await store.ListAsync(request.Kind, request.Namespace, listOptions, request.Aborted);
        var deleted = new JsonArray();
        foreach (var item in page.Items)
        {
            try
            {
                var result = await store.DeleteAsync(request.Kind, item["metadata"].Str("namespace"), item["metadata"].Str("name")!, deleteOptions, request.Aborted);
                deleted.Add(result.Object);
            }
            catch (StatusException e) when (e.Code == 404)
            {
                // Gone in between: nothing left to delete.
            }
        }
        var list = new JsonObject
        {
            ["kind"] = request.Kind.ListKind,
            ["apiVersion"] = request.Kind.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = store.Storage.CurrentRevision.ToString(CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        };
        await HttpResponses.WriteJsonAsync(request.Http, 200, list);
    }

    public async Task<JsonObject> ReadObjectAsync(RequestContext request)
    {
        var body = await BodyDecoder.ReadAllAsync(request.Http.Request, request.Aborted);
        if (body.Length == 0) throw StatusErrors.BadRequest("Object 'Kind' is missing in request body");
        var obj = decoder.DecodeObject(request.Http.Request.ContentType, body);
        // Unknown and repeated fields first, as upstream's strict decoding comes before the kind check; a repeated
        // key would otherwise surface as a failure wherever the lazily parsed object first meets it.
        if (MediaTypes.Essence(request.Http.Request.ContentType) is "" or MediaTypes.Json)
        {
            if (Validation.FieldValidation.Check(request.Http, request.Kind, body))
                obj = BodyDecoder.ParseJsonObjectLastWins(body);
        }
        else if (MediaTypes.Essence(request.Http.Request.ContentType) is MediaTypes.Yaml)
            Validation.FieldValidation.Check(request.Http, request.Kind, obj);
        CheckTypeMeta(request, obj);
        return obj;
    }

    /// <summary>A body may omit apiVersion and kind; when it names them they must be the resource's.</summary>
    private static void CheckTypeMeta(RequestContext request, JsonObject obj)
    {
        var kind = request.Kind;
        var wantKind = request.Info.Subresource == "status" || request.Info.Subresource is null ? kind.Kind : null;
        var bodyKind = obj.Str("kind");
        var bodyVersion = obj.Str("apiVersion");
        if (wantKind is not null && !string.IsNullOrEmpty(bodyKind) && bodyKind != wantKind)
            throw StatusErrors.BadRequest($"Object kind \"{bodyKind}\" does not match the resource kind \"{wantKind}\" of {kind.QualifiedResource}");
        if (!string.IsNullOrEmpty(bodyVersion) && bodyVersion != kind.GroupVersion && wantKind is not null)
            throw StatusErrors.BadRequest($"the API version in the data ({bodyVersion}) does not match the expected API version ({kind.GroupVersion})");
    }

    private async Task<DeleteOptions> ReadDeleteOptionsAsync(RequestContext request)
    {
        var body = await BodyDecoder.ReadAllAsync(request.Http.Request, request.Aborted);
        JsonObject? json = null;
        if (body.Length > 0)
            json = decoder.DecodeObject(request.Http.Request.ContentType, body);
        long? grace = json?["gracePeriodSeconds"].Long() ?? null;
        if (grace is null && long.TryParse(request.QueryValue("gracePeriodSeconds"), out var qg)) grace = qg;
        var dryRun = request.DryRun || (json?["dryRun"] as JsonArray)?.Any(d => d?.ToString() == "All") == true;
        var policy = json.Str("propagationPolicy") ?? request.QueryValue("propagationPolicy");
        if (policy is null && json?["orphanDependents"] is JsonValue o && o.TryGetValue<bool>(out var orphan))
            policy = orphan ? "Orphan" : "Background";
        if (policy is not null && policy is not ("Orphan" or "Background" or "Foreground"))
            throw StatusErrors.Invalid("DeleteOptions", "meta.k8s.io", "", [FieldError.NotSupported("propagationPolicy", policy, ["Foreground", "Background", "Orphan", "nil"])]);
        return new DeleteOptions
        {
            GracePeriodSeconds = grace,
            PropagationPolicy = policy,
            PreconditionUid = json?["preconditions"].Str("uid"),
            PreconditionResourceVersion = json?["preconditions"].Str("resourceVersion"),
            DryRun = dryRun,
        };
    }

    public async Task WriteObjectAsync(RequestContext request, int code, JsonObject obj)
    {
        if (request.Accept.WantsTable && request.Info.Verb == "get")
        {
            var include = request.QueryValue("includeObject");
            TableBuilder.ValidateIncludeObject(include);
            await HttpResponses.WriteJsonAsync(request.Http, code,
                tables.Build(request.Kind, [obj], request.Accept.TableVersion, include, obj["metadata"].Str("resourceVersion"), null));
            return;
        }
        await HttpResponses.WriteJsonAsync(request.Http, code, obj);
    }

    public static WriteOptions WriteOptionsOf(RequestContext request)
    {
        var manager = request.QueryValue("fieldManager");
        var agent = request.Http.Request.Headers.UserAgent.ToString();
        if (string.IsNullOrEmpty(manager))
        {
            // Upstream names the manager after the client when none is given (e.g. "kubectl").
            var slash = agent.IndexOf('/');
            manager = agent.Length == 0 ? "unknown" : slash < 0 ? agent : agent[..slash];
        }
        if (manager.Length > 128)
            throw StatusErrors.BadRequest($"fieldManager: Too long: must have at most 128 bytes");
        return new WriteOptions { DryRun = request.DryRun, FieldManager = manager, UserAgent = agent };
    }

    public static ListOptions ParseListOptions(RequestContext request)
    {
        var limit = 0;
        if (request.QueryValue("limit") is { Length: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit < 0))
            throw StatusErrors.BadRequest($"invalid limit: {limitText}");
        int? timeout = null;
        if (request.QueryValue("timeoutSeconds") is { Length: > 0 } t && int.TryParse(t, out var seconds)) timeout = seconds;
        var rv = request.QueryValue("resourceVersion");
        if (!string.IsNullOrEmpty(rv) && !long.TryParse(rv, out _))
            throw StatusErrors.BadRequest($"resourceVersion: Invalid value: \"{rv}\": must be a non-negative integer");
        var match = request.QueryValue("resourceVersionMatch");
        if (!string.IsNullOrEmpty(match) && string.IsNullOrEmpty(rv))
            throw StatusErrors.BadRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
        if (match == "Exact" && rv == "0")
            throw StatusErrors.BadRequest("resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
        return new ListOptions
        {
            LabelSelector = LabelSelector.Parse(request.QueryValue("labelSelector")),
            FieldSelector = FieldSelector.Parse(request.QueryValue("fieldSelector"), request.Kind.Group, request.Kind.Plural),
            ResourceVersion = rv,
            ResourceVersionMatch = match,
            Limit = limit,
            Continue = request.QueryValue("continue"),
            AllowWatchBookmarks = request.QueryFlag("allowWatchBookmarks"),
            TimeoutSeconds = timeout,
            SendInitialEvents = request.QueryFlag("sendInitialEvents"),
        };
    }
}
