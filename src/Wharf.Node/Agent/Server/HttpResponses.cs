using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Node.Agent.Server;

/// <summary>The kubelet API's answers on top of the shared <see cref="HttpResponseWriter"/>: Kubernetes Status errors and OK bodies.</summary>
internal static class HttpResponses
{
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
        await HttpResponseWriter.WriteBodyAsync(stream, code, reason, "application/json", body, cancellationToken);
    }

    public static Task OkAsync(Stream stream, string contentType, byte[] body, CancellationToken cancellationToken) =>
        HttpResponseWriter.WriteBodyAsync(stream, 200, "OK", contentType, body, cancellationToken);

    public static Task BadRequestAsync(Stream stream, string message, CancellationToken cancellationToken) =>
        WriteStatusAsync(stream, 400, "BadRequest", message, cancellationToken);

    public static Task NotFoundAsync(Stream stream, string message, CancellationToken cancellationToken) =>
        WriteStatusAsync(stream, 404, "NotFound", message, cancellationToken);
}
