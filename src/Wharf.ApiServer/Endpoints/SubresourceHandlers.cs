using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Patching;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Registry.Core;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Rest.Selectors;
using Wharf.ApiServer.Serialization;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// Subresources other than status: scale, pods/binding, namespaces/finalize, pods/ephemeralcontainers,
/// pods/eviction, and the node-agent streams (log, exec, attach, portforward, proxy), which
/// <see cref="NodeProxy.NodeStreamingHandler"/> forwards.
/// </summary>
public sealed class SubresourceHandlers(ResourceStore store, ResourceHandler resources, IPatchEngine patchEngine, Func<ResourceCatalog> catalog, TokenRequestHandler tokenRequests, NodeProxy.NodeStreamingHandler nodeStreams)
{
    private static readonly ResourceKind ScaleKind = new()
    {
        Group = "autoscaling", Version = "v1", Plural = "scale", Singular = "scale", Kind = "Scale", Namespaced = true,
        Strategy = Strategies.Plain, Stored = false,
    };

    public async Task HandleAsync(RequestContext request)
    {
        var sub = request.Info.Subresource!;
        if (!request.Kind.HasSubresource(sub))
            throw StatusErrors.ResourceNotFound(request.Http.Request.Path);
        switch (sub)
        {
            case "scale":
                await ScaleAsync(request);
                break;
            case "binding":
                await BindAsync(request);
                break;
            case "finalize":
                await FinalizeAsync(request);
                break;
            case "ephemeralcontainers":
                await EphemeralContainersAsync(request);
                break;
            case "eviction":
                await EvictAsync(request);
                break;
            case "token" when request.Info.Verb == "create":
                await tokenRequests.HandleAsync(request);
                break;
            case "log" or "exec" or "attach" or "portforward" or "proxy":
                await nodeStreams.HandleAsync(request);
                break;
            default:
                throw StatusErrors.MethodNotSupported($"{request.Kind.QualifiedResource}/{sub}", request.Info.Verb);
        }
    }

    private async Task ScaleAsync(RequestContext request)
    {
        var kind = request.Kind;
        var name = request.Info.Name!;
        JsonObject result;
        switch (request.Info.Verb)
        {
            case "get":
                result = ToScale(kind, await store.GetAsync(kind, request.Namespace, name, request.Aborted));
                break;
            case "update":
                var scale = await resources.ReadObjectAsync(request with { Kind = ScaleKind });
                var replicas = ReplicasOf(scale);
                result = ToScale(kind, await store.GuaranteedUpdateAsync(kind, request.Namespace, name, "scale", obj =>
                {
                    obj.Obj("spec")["replicas"] = replicas;
                    return obj;
                }, ResourceHandler.WriteOptionsOf(request), request.Aborted, requiredResourceVersion: scale["metadata"].Str("resourceVersion")));
                break;
            case "patch":
                var patchType = MediaTypes.Essence(request.Http.Request.ContentType);
                if (!MediaTypes.PatchTypes.Contains(patchType))
                    throw StatusErrors.UnsupportedMediaType(patchType, MediaTypes.PatchTypes);
                var body = await BodyDecoder.ReadAllAsync(request.Http.Request, request.Aborted);
                var options = ResourceHandler.WriteOptionsOf(request);
                result = ToScale(kind, await store.GuaranteedUpdateAsync(kind, request.Namespace, name, "scale", obj =>
                {
                    var patched = patchEngine.Apply(patchType, ToScale(kind, obj), body, ScaleKind, options, false);
                    obj.Obj("spec")["replicas"] = ReplicasOf(patched);
                    return obj;
                }, options, request.Aborted, requiredResourceVersion: PatchPreconditions.ResourceVersionOf(patchType, body)));
                break;
            default:
                throw StatusErrors.MethodNotSupported($"{kind.QualifiedResource}/scale", request.Info.Verb);
        }
        await HttpResponses.WriteJsonAsync(request.Http, 200, result);
    }

    private static long ReplicasOf(JsonObject scale)
    {
        var node = scale["spec"]?["replicas"];
        if (node.Long() is { } replicas && replicas >= 0) return replicas;
        if (node is null) return 0;
        throw StatusErrors.Invalid("Scale", "autoscaling", scale["metadata"].Str("name") ?? "",
            [FieldError.Invalid("spec.replicas", node.ToJsonString(), "must be greater than or equal to 0")]);
    }

    /// <summary>The autoscaling/v1 Scale view of a workload: its replicas and its selector as a string.</summary>
    private static JsonObject ToScale(ResourceKind kind, JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta?["name"]?.DeepClone(),
                ["namespace"] = meta?["namespace"]?.DeepClone(),
                ["uid"] = meta?["uid"]?.DeepClone(),
                ["resourceVersion"] = meta?["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = meta?["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = obj["spec"]?["replicas"]?.DeepClone() ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = obj["status"]?["replicas"]?.DeepClone() ?? 0,
                ["selector"] = SelectorText.Of(obj["spec"]?["selector"]),
            },
        };
    }

    private async Task BindAsync(RequestContext request)
    {
        if (request.Info.Verb != "create")
            throw StatusErrors.MethodNotSupported("pods/binding", request.Info.Verb);
        var binding = await resources.ReadObjectAsync(request with { Kind = catalog().Find("", "v1", "bindings")! });
        var node = binding["target"].Str("name");
        if (string.IsNullOrEmpty(node))
            throw StatusErrors.Invalid("Binding", "", request.Info.Name!, [FieldError.Required("target.name")]);
        var name = request.Info.Name!;
        var uid = binding["metadata"].Str("uid");
        // Upstream binds with a storage-level read-modify-write: no field manager runs, so a binding adds no
        // managedFields entry (and costs no field-set computation); the Binding's uid is a precondition.
        var options = ResourceHandler.WriteOptionsOf(request) with { ManagedFieldsComputed = true };
        // The answer is a Status, not the pod: the written pod is never decoded.
        await store.GuaranteedUpdateWrittenAsync(request.Kind, request.Namespace, name, "binding", pod =>
        {
            if (!string.IsNullOrEmpty(uid) && uid != pod["metadata"].Str("uid"))
                throw StatusErrors.Conflict("pods", "", "pods", name,
                    $"Precondition failed: UID in precondition: {uid}, UID in object meta: {pod["metadata"].Str("uid")}");
            if (pod["metadata"]?["deletionTimestamp"] is not null)
                throw StatusErrors.Conflict("pods", "", "pods", name, "pod is being deleted, cannot be assigned to a host");
            if (pod["spec"].Str("nodeName") is { Length: > 0 } existing)
                throw StatusErrors.Conflict("pods", "", "pods", name, $"pod {name} is already assigned to node \"{existing}\"");
            pod.Obj("spec")["nodeName"] = node;
            if (binding["metadata"]?["annotations"] is JsonObject annotations)
                foreach (var (key, value) in annotations)
                    pod.Obj("metadata").Obj("annotations")[key] = value?.DeepClone();
            PodConditions.Set(pod, "PodScheduled", "True", null, null);
            return pod;
        }, options, request.Aborted, requiredResourceVersion: binding["metadata"].Str("resourceVersion"));
        await HttpResponses.WriteJsonAsync(request.Http, 201, HttpResponses.Success(201));
    }

    private async Task FinalizeAsync(RequestContext request)
    {
        if (request.Info.Verb != "update")
            throw StatusErrors.MethodNotSupported("namespaces/finalize", request.Info.Verb);
        var body = await resources.ReadObjectAsync(request);
        var updated = await store.GuaranteedUpdateAsync(request.Kind, null, request.Info.Name!, "finalize", ns =>
        {
            ns.Obj("spec")["finalizers"] = body["spec"]?["finalizers"]?.DeepClone() ?? new JsonArray();
            return ns;
        }, ResourceHandler.WriteOptionsOf(request), request.Aborted);
        await HttpResponses.WriteJsonAsync(request.Http, 200, updated);
    }

    private async Task EphemeralContainersAsync(RequestContext request)
    {
        var kind = request.Kind;
        var name = request.Info.Name!;
        JsonObject result;
        switch (request.Info.Verb)
        {
            case "get":
                result = await store.GetAsync(kind, request.Namespace, name, request.Aborted);
                break;
            case "patch" or "update":
                var patchType = MediaTypes.Essence(request.Http.Request.ContentType);
                var body = await BodyDecoder.ReadAllAsync(request.Http.Request, request.Aborted);
                var options = ResourceHandler.WriteOptionsOf(request);
                result = await store.GuaranteedUpdateAsync(kind, request.Namespace, name, "ephemeralcontainers", pod =>
                {
                    var desired = request.Info.Verb == "update"
                        ? BodyDecoder.ParseJsonObject(body)
                        : patchEngine.Apply(patchType, pod.DeepClone().AsObject(), body, kind, options, false);
                    // Only spec.ephemeralContainers may change here, and existing ones may not be changed or removed.
                    var before = pod["spec"]?["ephemeralContainers"] as JsonArray ?? [];
                    var after = desired["spec"]?["ephemeralContainers"] as JsonArray ?? [];
                    for (var i = 0; i < before.Count; i++)
                    {
                        if (i >= after.Count || !JsonNode.DeepEquals(before[i], after[i]))
                            throw StatusErrors.Invalid("Pod", "", name, [FieldError.Forbidden("spec.ephemeralContainers", "existing ephemeral containers may not be changed")]);
                    }
                    foreach (var container in after.OfType<JsonObject>())
                    {
                        container.Default("terminationMessagePath", "/dev/termination-log");
                        container.Default("terminationMessagePolicy", "File");
                        container.Default("imagePullPolicy", "IfNotPresent");
                    }
                    pod.Obj("spec")["ephemeralContainers"] = after.DeepClone();
                    return pod;
                }, options, request.Aborted);
                break;
            default:
                throw StatusErrors.MethodNotSupported("pods/ephemeralcontainers", request.Info.Verb);
        }
        await HttpResponses.WriteJsonAsync(request.Http, 200, result);
    }

    private async Task EvictAsync(RequestContext request)
    {
        if (request.Info.Verb != "create")
            throw StatusErrors.MethodNotSupported("pods/eviction", request.Info.Verb);
        var eviction = BodyDecoder.ParseJsonObject(await BodyDecoder.ReadAllAsync(request.Http.Request, request.Aborted));
        var name = request.Info.Name!;
        var pod = await store.GetAsync(request.Kind, request.Namespace, name, request.Aborted);
        await PodDisruptionBudgets.CheckAsync(store, catalog(), pod, request.Aborted);
        var deleteOptions = eviction["deleteOptions"] as JsonObject;
        if (!request.DryRun && pod["status"].Str("phase") is not ("Succeeded" or "Failed"))
        {
            // As upstream: the pod learns why it goes before it goes, so its owner (a Job's podFailurePolicy) can tell
            // an eviction from a failure of its own.
            await store.GuaranteedUpdateAsync(request.Kind, request.Namespace, name, "status", obj =>
            {
                PodConditions.Set(obj, "DisruptionTarget", "True", "EvictionByEvictionAPI", "Eviction API: evicting");
                return obj;
            }, ResourceHandler.WriteOptionsOf(request), request.Aborted);
        }
        await store.DeleteAsync(request.Kind, request.Namespace, name, new DeleteOptions
        {
            GracePeriodSeconds = deleteOptions?["gracePeriodSeconds"].Long(),
            PreconditionUid = deleteOptions?["preconditions"].Str("uid"),
            PreconditionResourceVersion = deleteOptions?["preconditions"].Str("resourceVersion"),
            DryRun = request.DryRun,
        }, request.Aborted);
        await HttpResponses.WriteJsonAsync(request.Http, 201, HttpResponses.Success(201));
    }
}
