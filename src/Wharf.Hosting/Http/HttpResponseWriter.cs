using System.Globalization;
using System.Text;

namespace Wharf.Hosting.Http;

/// <summary>Writes HTTP/1.1 response heads and small bodies on a raw connection; every response closes it.</summary>
public static class HttpResponseWriter
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

    /// <summary>A complete response with a body of known length; <paramref name="headOnly"/> answers a HEAD request.</summary>
    public static async Task WriteBodyAsync(Stream stream, int status, string reason, string contentType, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken, bool headOnly = false)
    {
        await WriteHeadAsync(stream, status, reason, [
            new("Content-Type", contentType),
            new("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)),
            new("Connection", "close"),
        ], cancellationToken);
        if (headOnly) return;
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>A short plain-text answer (errors of the small endpoints).</summary>
    public static Task WriteTextAsync(Stream stream, int status, string reason, string text, CancellationToken cancellationToken) =>
        WriteBodyAsync(stream, status, reason, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text), cancellationToken);
}
