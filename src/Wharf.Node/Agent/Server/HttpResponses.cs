using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Node.Agent.Server;

/// <summary>Writes HTTP/1.1 response heads and small bodies on the raw connection; every response closes it.</summary>
internal static class HttpResponses
{
    public static async Task WriteHeadAsync(Stream stream, int status, string reason, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n");
        foreach (var (name, value) in headers)
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>An error as a Kubernetes Status, which the API server hands to the client unchanged.</summary>
    public static async Task WriteStatusAsync(Stream stream, int code, string reason, string message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        }.ToJsonString());
        await WriteBodyAsync(stream, code, reason, "application/json", body, cancellationToken);
    }

    /// <summary>A complete response with a body of known length.</summary>
    public static async Task WriteBodyAsync(Stream stream, int status, string reason, string contentType, byte[] body, CancellationToken cancellationToken)
    {
        await WriteHeadAsync(stream, status, reason, [
            new("Content-Type", contentType),
            new("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)),
            new("Connection", "close"),
        ], cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public static Task OkAsync(Stream stream, string contentType, byte[] body, CancellationToken cancellationToken) =>
        WriteBodyAsync(stream, 200, "OK", contentType, body, cancellationToken);

    public static Task BadRequestAsync(Stream stream, string message, CancellationToken cancellationToken) =>
        WriteStatusAsync(stream, 400, "BadRequest", message, cancellationToken);

    public static Task NotFoundAsync(Stream stream, string message, CancellationToken cancellationToken) =>
        WriteStatusAsync(stream, 404, "NotFound", message, cancellationToken);
}
