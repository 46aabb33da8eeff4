using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// Reads a backend's response head and writes the one the client gets: the same status and headers on HTTP/1.1,
/// minus the hop-by-hop <c>Connection</c>, <c>Keep-Alive</c> and <c>Proxy-Connection</c> (a chunked body passes
/// through with its framing and so keeps <c>Transfer-Encoding</c>). One instance per client connection.
/// </summary>
internal sealed class ResponseHead
{
    /// <summary>SocketsHttpHandler's default limit on response headers.</summary>
    public const int MaxLength = 64 * 1024;

    public int Length { get; private set; }

    public int Status { get; private set; }

    /// <summary>A 1xx interim response (103 Early Hints...): skipped, as HttpClient does, and nothing is written.</summary>
    public bool IsInterim => Status < 200;

    public BodyFraming Framing { get; private set; }

    public long ContentLength { get; private set; }

    /// <summary>Whether the backend connection can serve another request once this body has been read.</summary>
    public bool Reusable { get; private set; }

    /// <param name="requestWasHead">The response to a HEAD request has no body.</param>
    /// <param name="closeClient">Adds <c>Connection: close</c> for the client.</param>
    /// <param name="client">Receives the head for the client (nothing for a 1xx or an unsupported head).</param>
    public HeadStatus Parse(ReadOnlySpan<byte> data, bool requestWasHead, bool closeClient, IBufferWriter<byte> client)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0) return data.Length > MaxLength ? HeadStatus.Unsupported : HeadStatus.Incomplete;
        Length = end + 4;

        var lineEnd = data.IndexOf("\r\n"u8);
        var statusLine = data[..lineEnd];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[7] is not ((byte)'0' or (byte)'1') || statusLine[8] != ' '
            || (statusLine.Length > 12 && statusLine[12] != ' ') || !Utf8Parser.TryParse(statusLine[9..12], out int status, out var used) || used != 3
            || status is < 100 or > 599 || status == 101 || ContainsControl(statusLine))
            return HeadStatus.Unsupported;
        Status = status;
        if (IsInterim) return HeadStatus.Parsed;

        var reusable = statusLine[7] == '1';
        long? contentLength = null;
        var chunked = false;
        var transferEncoding = false;
        client.Write("HTTP/1.1 "u8);
        client.Write(statusLine[9..]);
        client.Write("\r\n"u8);
        var position = lineEnd + 2;
        while (position < end + 2)
        {
            var line = data[position..];
            line = line[..line.IndexOf("\r\n"u8)];
            position += line.Length + 2;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].ContainsAnyExcept(HttpChars.Token) || ContainsControl(line)) return HeadStatus.Unsupported;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long length, out var digits) || digits != value.Length || length < 0
                    || (contentLength is { } earlier && earlier != length))
                    return HeadStatus.Unsupported;
                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                transferEncoding = true;
                var last = value.LastIndexOf((byte)',');
                chunked = Ascii.EqualsIgnoreCase(value[(last + 1)..].Trim(" \t"u8), "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                if (HasClose(value)) reusable = false;
                continue;
            }
            else if (Ascii.EqualsIgnoreCase(name, "keep-alive"u8) || Ascii.EqualsIgnoreCase(name, "proxy-connection"u8))
            {
                continue;
            }
            client.Write(line);
            client.Write("\r\n"u8);
        }

        if (requestWasHead || status is 204 or 304) Framing = BodyFraming.None;
        else if (transferEncoding) Framing = chunked ? BodyFraming.Chunked : BodyFraming.UntilClose;
        else if (contentLength is { } length) Framing = length == 0 ? BodyFraming.None : BodyFraming.ContentLength;
        else Framing = BodyFraming.UntilClose;
        ContentLength = contentLength ?? 0;
        // Both framings at once is a smuggling pattern: the connection is not trusted with another request.
        Reusable = reusable && Framing != BodyFraming.UntilClose && !(transferEncoding && contentLength is not null);
        if (closeClient || Framing == BodyFraming.UntilClose) client.Write("Connection: close\r\n"u8);
        client.Write("\r\n"u8);
        return HeadStatus.Parsed;
    }

    private static bool HasClose(ReadOnlySpan<byte> value)
    {
        foreach (var range in value.Split((byte)','))
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), "close"u8)) return true;
        return false;
    }

    /// <summary>A lone CR or LF, or NUL, could split the head the client sees.</summary>
    private static bool ContainsControl(ReadOnlySpan<byte> line) => line.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0;
}
