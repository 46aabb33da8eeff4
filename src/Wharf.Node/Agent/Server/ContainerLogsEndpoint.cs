namespace Wharf.Node.Agent.Server;

/// <summary><c>GET /containerLogs/NAMESPACE/POD/CONTAINER</c>: the container's CRI log as plain text.</summary>
internal sealed class ContainerLogsEndpoint(ContainerLocator locator, CriLogCopier copier, TimeProvider time)
{
    public async Task HandleAsync(HttpRequestHead request, string ns, string pod, string container, Stream connection, CancellationToken cancellationToken)
    {
        var (options, error) = ContainerLogOptions.Parse(request, time.GetUtcNow());
        if (options is null)
        {
            await HttpResponses.BadRequestAsync(connection, error!, cancellationToken);
            return;
        }
        var instances = await locator.InstancesAsync(ns, pod, container, cancellationToken);
        var index = options.Previous ? 1 : 0;
        if (instances.Count <= index)
        {
            await HttpResponses.BadRequestAsync(connection, options.Previous
                ? $"previous terminated container \"{container}\" in pod \"{pod}\" not found"
                : $"container \"{container}\" in pod \"{pod}\" is not available", cancellationToken);
            return;
        }
        var instance = instances[index];
        if (await locator.LogPathAsync(instance.Id, cancellationToken) is not { } path || !File.Exists(path))
        {
            await HttpResponses.NotFoundAsync(connection, $"log of container \"{container}\" in pod \"{pod}\" not found", cancellationToken);
            return;
        }
        await HttpResponseWriter.WriteHeadAsync(connection, 200, "OK", [new("Content-Type", "text/plain"), new("Connection", "close")], cancellationToken);
        var follow = options with { Follow = options.Follow && !options.Previous };
        await copier.CopyAsync(path, follow, ct => locator.IsRunningAsync(instance.Id, ct), connection, cancellationToken);
    }
}
