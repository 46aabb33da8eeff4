namespace Wharf.Node.Agent.Server;

/// <summary>
/// Hands a client's upgrade request to the runtime's streaming server as it is (native SPDY exec/attach/port-forward
/// and WebSocket protocols the runtime speaks itself): the negotiation headers go through, the runtime's answer
/// comes back, and on 101 the two connections are joined byte for byte.
/// </summary>
internal static class RuntimeUpgradeRelay
{
    private static readonly string[] Negotiation =
    [
        "Connection", "Upgrade", "X-Stream-Protocol-Version", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol",
    ];

    public static async Task RunAsync(HttpRequestHead request, Stream client, Uri runtimeUrl, CancellationToken cancellationToken)
    {
        var target = request.Query.Length > 0 && runtimeUrl.Query.Length == 0 ? new Uri(runtimeUrl + "?" + request.Query) : runtimeUrl;
        var headers = request.Headers.Where(h => Negotiation.Contains(h.Key, StringComparer.OrdinalIgnoreCase));
        var answer = await RuntimeStreamDialer.DialAsync(target, request.Method, headers, cancellationToken);
        await using var runtime = answer.Connection;
        var reason = answer.StatusLine.Split(' ', 3) is [_, _, var r] ? r : "Unknown";
        var forwarded = answer.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
            && !h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)).ToList();
        if (answer.Status != 101)
            forwarded.Add(new("Connection", "close"));
        await HttpResponseWriter.WriteHeadAsync(client, answer.Status, reason, forwarded, cancellationToken);
        // The body of a refusal (until the runtime closes) or the upgraded session, both ways.
        await ByteRelay.RunAsync(client, runtime, cancellationToken);
    }
}
