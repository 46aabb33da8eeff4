using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.ApiServer.Endpoints;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>
/// The subresources a node agent serves: pods/log, pods/exec, pods/attach and pods/portforward are forwarded to the
/// kubelet API of the pod's node (upgrades and all); pods/proxy goes to the pod itself, services/proxy to one of the
/// service's endpoints; nodes/proxy to the kubelet API.
/// </summary>
public sealed class NodeStreamingHandler(ResourceStore store, Func<ResourceCatalog> catalog, KubeletLocator locator, KubeletConnector connector,
    PodProxyHandler podProxy, ServiceProxyHandler serviceProxy)
{
    public async Task HandleAsync(RequestContext request)
    {
        var sub = request.Info.Subresource!;
        if (sub == "proxy" && RedirectedToRootPath(request))
            return;
        switch (request.Kind.Plural, sub)
        {
            case ("pods", "proxy"):
                await PodProxyAsync(request);
                break;
            case ("pods", _):
                await PodStreamAsync(request, sub);
                break;
            case ("nodes", "proxy"):
                await NodeProxyAsync(request);
                break;
            case ("services", "proxy"):
                await ServiceProxyAsync(request);
                break;
            default:
                throw StatusErrors.ServiceUnavailable($"{request.Kind.QualifiedResource}/{sub} is not served yet");
        }
    }

    private async Task PodStreamAsync(RequestContext request, string sub)
    {
        var pod = await store.GetAsync(request.Kind, request.Namespace, request.Info.Name!, request.Aborted);
        var name = request.Info.Name!;
        var ns = request.Namespace!;
        var node = pod["spec"].Str("nodeName");
        if (string.IsNullOrEmpty(node))
            throw StatusErrors.BadRequest($"pod {name} does not have a host assigned");

        string path;
        switch (sub)
        {
            case "log":
                var container = PodContainers.Resolve(pod, request.QueryValue("container"));
                if (!request.QueryFlag("previous") && PodContainers.Status(pod, container) is { } status
                    && status["state"]?["waiting"] is JsonObject waiting)
                    throw StatusErrors.BadRequest($"container \"{container}\" in pod \"{name}\" is waiting to start: {waiting.Str("reason") ?? "ContainerCreating"}");
                path = KubeletPaths.ContainerLogs(ns, name, container, request.Query);
                break;
            case "exec" or "attach":
                var target = PodContainers.Resolve(pod, request.QueryValue("container"));
                var phase = pod["status"].Str("phase");
                if (phase is "Succeeded" or "Failed")
                    throw StatusErrors.BadRequest($"cannot {sub} into a container in a completed pod; current phase is {phase}");
                path = KubeletPaths.RemoteCommand(sub, ns, name, target, request.Query);
                break;
            case "portforward":
                if (pod["status"].Str("phase") != "Running")
                    throw StatusErrors.BadRequest($"unable to forward port because pod is not running. Current status={pod["status"].Str("phase")}");
                path = KubeletPaths.PortForward(ns, name, request.Http.Request.QueryString);
                break;
            default:
                throw StatusErrors.MethodNotSupported($"pods/{sub}", request.Info.Verb);
        }
        await ForwardAsync(request, node, path);
    }

    private async Task PodProxyAsync(RequestContext request)
    {
        var target = PodNameAndPort.Parse(request.Info.Name!) ?? throw StatusErrors.BadRequest($"invalid pod name and port {request.Info.Name}");
        var pod = await store.GetAsync(request.Kind, request.Namespace, target.Name, request.Aborted);
        await podProxy.ProxyAsync(request.Http, pod, target, PathAfterProxy(request), request.Aborted);
    }

    private async Task ServiceProxyAsync(RequestContext request)
    {
        var target = PodNameAndPort.Parse(request.Info.Name!) ?? throw StatusErrors.BadRequest($"invalid service name and port {request.Info.Name}");
        var service = await store.GetAsync(request.Kind, request.Namespace, target.Name, request.Aborted);
        var endpoints = await store.TryGetAsync(catalog().Find("", "v1", "endpoints")!, request.Namespace, target.Name, request.Aborted);
        await serviceProxy.ProxyAsync(request.Http, service, endpoints, target, PathAfterProxy(request), request.Aborted);
    }

    private async Task NodeProxyAsync(RequestContext request)
    {
        var target = PodNameAndPort.Parse(request.Info.Name!) ?? throw StatusErrors.BadRequest($"invalid node name and port {request.Info.Name}");
        await ForwardAsync(request, target.Name, PathAfterProxy(request) is { Length: > 0 } p ? p + request.Http.Request.QueryString : "/");
    }

    private async Task ForwardAsync(RequestContext request, string node, string pathAndQuery)
    {
        var endpoint = await locator.LocateAsync(node, request.Aborted);
        await using var backend = await connector.ConnectAsync(endpoint, request.Aborted);
        try
        {
            await UpgradeAwareProxy.ProxyAsync(request.Http, backend, $"{endpoint.Host}:{endpoint.Port}", pathAndQuery, request.Aborted);
        }
        catch (IOException e) when (!request.Http.Response.HasStarted)
        {
            throw StatusErrors.ServiceUnavailable($"error talking to the node agent of node {node}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client or the agent went away mid-stream; the response is already under way.
        }
    }

    /// <summary>
    /// <c>…/NAME/proxy</c> without a slash: a GET or HEAD is sent to <c>…/proxy/</c> with 301, as upstream's proxy does,
    /// so that relative links in the backend's root page resolve under the proxy path.
    /// </summary>
    private static bool RedirectedToRootPath(RequestContext request)
    {
        var method = request.Http.Request.Method;
        if (PathAfterProxy(request).Length > 0 || !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method)))
            return false;
        request.Http.Response.StatusCode = 301;
        request.Http.Response.Headers.Location = request.Http.Request.PathBase + request.Http.Request.Path + "/" + request.Http.Request.QueryString;
        return true;
    }

    /// <summary>The raw path after <c>…/NAME/proxy</c>, trailing slash kept (the parsed segments lose it).</summary>
    private static string PathAfterProxy(RequestContext request)
    {
        var path = request.Http.Request.Path.Value ?? "";
        var marker = "/" + request.Info.Name + "/proxy";
        var at = path.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            marker = "/" + Uri.EscapeDataString(request.Info.Name!) + "/proxy";
            at = path.IndexOf(marker, StringComparison.Ordinal);
        }
        return at < 0 ? "/" + string.Join('/', request.Info.ExtraPath) : path[(at + marker.Length)..];
    }
}
