using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.Endpoints;

/// <summary>Writes JSON answers and Status errors.</summary>
public static class HttpResponses
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static async Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode? body, string contentType = "application/json")
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter.AsStream());
        if (body is null) writer.WriteNullValue();
        else body.WriteTo(writer, Compact);
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>
    /// Bodies up to this size are left in the response buffer unflushed: the server sends them with the end of the
    /// response, so over HTTP/2 headers, body and end of stream leave in one write (a flush here sent HEADERS + DATA,
    /// then an empty DATA frame ending the stream in a second TLS record and syscall). Larger ones are flushed as
    /// written, so a big LIST waits for the client (flow control) instead of piling up in memory.
    /// </summary>
    internal const int UnflushedBodyLimit = 64 * 1024;

    /// <summary>Writes an already serialized JSON document.</summary>
    public static Task WriteBytesAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> json, string contentType = "application/json")
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        // The length is known: HTTP/1.1 then sends one plain body instead of a chunked one (a chunk header, the
        // body, and a terminating chunk flushed separately at the end of the request).
        context.Response.ContentLength = json.Length;
        if (json.Length <= UnflushedBodyLimit)
        {
            context.Response.BodyWriter.Write(json.Span);
            return Task.CompletedTask;
        }

        return context.Response.BodyWriter.WriteAsync(json, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// A stored object's JSON answer, spliced (see <see cref="StoredJsonSplicer"/>) straight into the response buffer
    /// instead of into an array that is then copied there; null when the object must go through the DOM path.
    /// </summary>
    public static Task? TryWriteStoredAsync(HttpContext context, int statusCode, ResourceKind kind, StoredObject stored)
    {
        if (!StoredJsonSplicer.TryPlan(kind, stored, out var splice)) return null;
        var length = splice.Length;
        if (length > UnflushedBodyLimit)
        {
            var bytes = new byte[length];
            splice.CopyTo(bytes);
            return WriteBytesAsync(context, statusCode, bytes);
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = length;
        var writer = context.Response.BodyWriter;
        writer.Advance(splice.CopyTo(writer.GetSpan(length)));
        return Task.CompletedTask;
    }

    public static Task WriteStatusAsync(HttpContext context, StatusException error)
    {
        if (error.RetryAfterSeconds is { } retry)
            context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteJsonAsync(context, error.Code, error.ToStatus());
    }

    public static JsonObject Success(int code, JsonObject? details = null)
    {
        var status = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success" };
        if (details is not null) status["details"] = details;
        status["code"] = code;
        return status;
    }
}
