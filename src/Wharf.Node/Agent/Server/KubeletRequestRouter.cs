using System.Text;

namespace Wharf.Node.Agent.Server;

/// <summary>Routes kubelet API paths to their endpoints.</summary>
internal sealed class KubeletRequestRouter(ContainerLogsEndpoint logs, RemoteCommandEndpoint commands, PortForwardEndpoint portForward,
    RunEndpoint run, StatsRoutes? stats)
{
    public async Task HandleAsync(HttpRequestHead request, Stream connection, CancellationToken cancellationToken)
    {
        var parts = request.Path.Trim('/').Split('/');
        switch (parts)
        {
            case ["healthz"]:
                var ok = Encoding.ASCII.GetBytes("ok");
                await HttpResponses.WriteHeadAsync(connection, 200, "OK", [new("Content-Type", "text/plain"), new("Content-Length", "2"), new("Connection", "close")], cancellationToken);
                await connection.WriteAsync(ok, cancellationToken);
                break;
            case ["containerLogs", var ns, var pod, var container] when request.Method == "GET":
                await logs.HandleAsync(request, ns, pod, container, connection, cancellationToken);
                break;
            case [("exec" or "attach") and var verb, var ns, var pod, var container] when request.Method is "GET" or "POST":
                await commands.HandleAsync(request, verb == "attach", ns, pod, container, connection, cancellationToken);
                break;
            case ["portForward", var ns, var pod] when request.Method is "GET" or "POST":
                await portForward.HandleAsync(request, ns, pod, connection, cancellationToken);
                break;
            case ["run", var ns, var pod, var container] when request.Method == "POST":
                await run.HandleAsync(request, ns, pod, null, container, connection, cancellationToken);
                break;
            case ["run", var ns, var pod, var uid, var container] when request.Method == "POST":
                await run.HandleAsync(request, ns, pod, uid, container, connection, cancellationToken);
                break;
            case ["stats", "summary"] when stats is not null && request.Method is "GET" or "POST":
                await stats.Summary.HandleAsync(request, connection, cancellationToken);
                break;
            case ["metrics", "resource"] when stats is not null && request.Method == "GET":
                await stats.ResourceMetrics.HandleAsync(connection, cancellationToken);
                break;
            case ["metrics"] when stats is not null && request.Method == "GET":
                await stats.Metrics.HandleAsync(connection, cancellationToken);
                break;
            case ["pods"] when stats is not null && request.Method == "GET":
                await stats.Pods.HandleAsync(connection, cancellationToken);
                break;
            default:
                await HttpResponses.NotFoundAsync(connection, $"the node agent does not serve {request.Method} {request.Path}", cancellationToken);
                break;
        }
    }
}
