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
                await HttpResponseWriter.WriteHeadAsync(connection, 200, "OK", [new("Content-Type", "text/plain"), new("Content-Length", "2"), new("Connection", "close")], cancellationToken);
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
                await AnswerAsync(connection, () => run.HandleAsync(request, ns, pod, null, container, connection, cancellationToken), cancellationToken);
                break;
            case ["run", var ns, var pod, var uid, var container] when request.Method == "POST":
                await AnswerAsync(connection, () => run.HandleAsync(request, ns, pod, uid, container, connection, cancellationToken), cancellationToken);
                break;
            case ["stats", "summary"] when stats is not null && request.Method is "GET" or "POST":
                await AnswerAsync(connection, () => stats.Summary.HandleAsync(request, connection, cancellationToken), cancellationToken);
                break;
            case ["metrics", "resource"] when stats is not null && request.Method == "GET":
                await AnswerAsync(connection, () => stats.ResourceMetrics.HandleAsync(connection, cancellationToken), cancellationToken);
                break;
            case ["metrics"] when stats is not null && request.Method == "GET":
                await AnswerAsync(connection, () => stats.Metrics.HandleAsync(connection, cancellationToken), cancellationToken);
                break;
            case ["pods"] when stats is not null && request.Method == "GET":
                await AnswerAsync(connection, () => stats.Pods.HandleAsync(connection, cancellationToken), cancellationToken);
                break;
            default:
                await HttpResponses.NotFoundAsync(connection, $"the node agent does not serve {request.Method} {request.Path}", cancellationToken);
                break;
        }
    }

    /// <summary>
    /// Runs an endpoint that builds its whole answer before writing anything, so when the runtime or the API server
    /// fails it, the client still gets a Status rather than a dropped connection.
    /// </summary>
    private static async Task AnswerAsync(Stream connection, Func<Task> endpoint, CancellationToken cancellationToken)
    {
        try
        {
            await endpoint();
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or Wharf.Client.Rest.ApiException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            await HttpResponses.WriteStatusAsync(connection, 503, "ServiceUnavailable", e.Message, cancellationToken);
        }
    }
}
