using System.Globalization;
using System.Text;
using System.Web;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Server;

/// <summary>
/// <c>POST /run/NS/POD[/UID]/CONTAINER?cmd=…</c>: runs a command in the container without streams and answers with
/// its stdout followed by its stderr, as upstream's run handler. The command is split on spaces (no shell quoting,
/// as upstream); <c>cmd</c> may also come as a form field in the body. A non-zero exit is a 500 naming the code.
/// </summary>
internal sealed class RunEndpoint(ContainerLocator locator, IContainerRuntime runtime)
{
    private const int MaxBodyBytes = 64 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public async Task HandleAsync(HttpRequestHead request, string ns, string pod, string? uid, string container, Stream connection, CancellationToken cancellationToken)
    {
        var cmd = request.QueryValue("cmd") ?? await FormValueAsync(request, connection, "cmd", cancellationToken);
        var command = (cmd ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (command.Length == 0)
        {
            await HttpResponses.BadRequestAsync(connection, "you must specify a command in cmd", cancellationToken);
            return;
        }
        var target = await locator.RunningAsync(ns, pod, container, cancellationToken);
        if (target is null || uid is not null && target.Labels.GetValueOrDefault(Pods.PodLabels.PodUid) != uid)
        {
            await HttpResponses.NotFoundAsync(connection, $"container {container} is not running in pod {ns}/{pod}", cancellationToken);
            return;
        }
        var result = await runtime.ExecSyncAsync(target.Id, command, Timeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            var message = $"command '{string.Join(' ', command)}' exited with {result.ExitCode}: {result.StderrText}";
            await HttpResponseWriter.WriteBodyAsync(connection, 500, "Internal Server Error", "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message), cancellationToken);
            return;
        }
        // Upstream writes the raw output with a JSON content type; clients read the bytes as they are.
        await HttpResponses.OkAsync(connection, "application/json", [.. result.Stdout, .. result.Stderr], cancellationToken);
    }

    private static async Task<string?> FormValueAsync(HttpRequestHead request, Stream connection, string name, CancellationToken cancellationToken)
    {
        if (!int.TryParse(request.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length <= 0)
            return null;
        if (length > MaxBodyBytes)
            throw new InvalidDataException("request body too large");
        var body = new byte[length];
        await connection.ReadExactlyAsync(body, cancellationToken);
        return HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body))[name];
    }
}
