using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Node.Agent.Server;

/// <summary>The kubelet API's responses: Kubernetes Status errors and bodies, written by the shared <see cref="HttpResponseWriter"/>.</summary>
internal static class HttpResponses
{
    public static Task WriteHeadAsync(Stream stream, int status, string reason, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken) =>
        HttpResponseWriter.WriteHeadAsync(stream, status, reason, headers, cancellationToken);

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
    public static Task WriteBodyAsync(Stream stream, int status, string reason, string contentType, byte[] body, CancellationToken cancellationToken) =>
        HttpResponseWriter.WriteBodyAsync(stream, status, reason, contentType, body, cancellationToken);

    public static Task OkAsync(Stream stream, string contentType, byte[] body, CancellationToken cancellationToken) =>
        WriteBodyAsync(stream, 200, "OK", contentType, body, cancellationToken);

    public static Task BadRequestAsync(Stream stream, string message, CancellationToken cancellationToken) =>
        WriteStatusAsync(stream, 400, "BadRequest", message, cancellationToken);

    public static Task NotFoundAsync(Stream stream, string message, CancellationToken cancellationToken) =>
        WriteStatusAsync(stream, 404, "NotFound", message, cancellationToken);
}
