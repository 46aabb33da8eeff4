using System.Buffers;
using System.Text;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// Reads one HTTP/1.1 request head of the kind the fast path serves (origin-form target without escapes or dot
/// segments, one Host, no body, no upgrade, no Expect) and writes the head to send upstream as it goes: the client's
/// lines minus hop-by-hop and forwarded headers, which the proxy sets itself. Anything else is
/// <see cref="HeadStatus.Unsupported"/>, and Kestrel serves the connection from then on. One instance per client
/// connection; its fields describe the last head parsed.
/// </summary>
internal sealed class RequestHead
{
    /// <summary>Kestrel's default limits on the request line and header block, together.</summary>
    public const int MaxLength = 40 * 1024;

    private readonly AsciiStringCache _hosts = new();
    private readonly AsciiStringCache _paths = new();

    /// <summary>Bytes of the head, blank line included.</summary>
    public int Length { get; private set; }

    /// <summary>A HEAD request: the response has no body whatever its headers say.</summary>
    public bool IsHead { get; private set; }

    /// <summary>The client asked to close the connection after this response.</summary>
    public bool Close { get; private set; }

    /// <summary>Host name without port, as Kestrel's <c>HostString.Host</c> gives it (IPv6 literals keep brackets).</summary>
    public string Host { get; private set; } = "";

    /// <summary>The path of the target, without query.</summary>
    public string Path { get; private set; } = "/";

    /// <param name="data">The bytes received, starting at the head.</param>
    /// <param name="upstream">Receives the request line and headers for the backend, without the final blank line.</param>
    public HeadStatus Parse(ReadOnlySpan<byte> data, IBufferWriter<byte> upstream)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0) return data.Length > MaxLength ? HeadStatus.Unsupported : HeadStatus.Incomplete;
        Length = end + 4;
        Close = false;

        var lineEnd = data.IndexOf("\r\n"u8);
        if (!RequestLine(data[..lineEnd], upstream)) return HeadStatus.Unsupported;

        var hostSeen = false;
        var position = lineEnd + 2;
        while (position < end + 2)
        {
            var line = data[position..];
            line = line[..line.IndexOf("\r\n"u8)];
            position += line.Length + 2;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) return HeadStatus.Unsupported; // also obs-fold and whitespace before the colon, via Token below
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (name.ContainsAnyExcept(HttpChars.Token) || value.ContainsAnyExcept(HttpChars.FieldValue)) return HeadStatus.Unsupported;
            switch (Classify(name))
            {
                case Header.Host:
                    if (hostSeen || !ReadHost(value)) return HeadStatus.Unsupported;
                    hostSeen = true;
                    AppendLine(upstream, line);
                    upstream.Write("X-Forwarded-Host: "u8);
                    AppendLine(upstream, value);
                    break;
                case Header.ContentLength when value.SequenceEqual("0"u8):
                    AppendLine(upstream, line);
                    break;
                case Header.Connection:
                    if (!ReadConnection(value)) return HeadStatus.Unsupported;
                    break;
                case Header.Dropped:
                    break;
                case Header.Other:
                    AppendLine(upstream, line);
                    break;
                default:
                    return HeadStatus.Unsupported;
            }
        }
        return hostSeen ? HeadStatus.Parsed : HeadStatus.Unsupported;
    }

    /// <summary><c>METHOD SP origin-form SP HTTP/1.1</c>, copied as it is (HTTP/1.1 to the backend, as YARP sends).</summary>
    private bool RequestLine(ReadOnlySpan<byte> line, IBufferWriter<byte> upstream)
    {
        var space = line.IndexOf((byte)' ');
        if (space <= 0) return false;
        var method = line[..space];
        var rest = line[(space + 1)..];
        var space2 = rest.IndexOf((byte)' ');
        if (space2 <= 0 || !rest[(space2 + 1)..].SequenceEqual("HTTP/1.1"u8)) return false;
        var target = rest[..space2];
        if (method.ContainsAnyExcept(HttpChars.Token) || target[0] != '/' || target.ContainsAnyExcept(HttpChars.Target)) return false;
        var query = target.IndexOf((byte)'?');
        var path = query < 0 ? target : target[..query];
        // Kestrel decodes escapes and removes dot segments before routing (the query it leaves alone): such paths take its way.
        if (path.IndexOf((byte)'%') >= 0 || path.IndexOf("/."u8) >= 0) return false;
        IsHead = method.SequenceEqual("HEAD"u8);
        Path = _paths.Get(path);
        AppendLine(upstream, line);
        return true;
    }

    private bool ReadHost(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.ContainsAnyExcept(HttpChars.Host)) return false;
        int nameLength;
        if (value[0] == '[')
        {
            nameLength = value.IndexOf((byte)']') + 1;
            if (nameLength == 0) return false;
        }
        else
        {
            var colon = value.IndexOf((byte)':');
            nameLength = colon < 0 ? value.Length : colon;
            if (nameLength == 0 || value[nameLength..].IndexOf((byte)'[') >= 0) return false;
        }
        var port = value[nameLength..];
        if (port.Length > 0 && (port[0] != ':' || port[1..].ContainsAnyExceptInRange((byte)'0', (byte)'9'))) return false;
        Host = _hosts.Get(value[..nameLength]);
        return true;
    }

    /// <summary>Only <c>close</c> and <c>keep-alive</c>: other tokens name hop-by-hop headers, or ask for an upgrade.</summary>
    private bool ReadConnection(ReadOnlySpan<byte> value)
    {
        foreach (var range in value.Split((byte)','))
        {
            var token = value[range].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(token, "close"u8)) Close = true;
            else if (!Ascii.EqualsIgnoreCase(token, "keep-alive"u8) && !token.IsEmpty) return false;
        }
        return true;
    }

    private static Header Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when Ascii.EqualsIgnoreCase(name, "te"u8) => Header.Dropped,
        4 when Ascii.EqualsIgnoreCase(name, "host"u8) => Header.Host,
        6 when Ascii.EqualsIgnoreCase(name, "expect"u8) => Header.Unsupported,
        7 when Ascii.EqualsIgnoreCase(name, "upgrade"u8) => Header.Unsupported,
        9 when Ascii.EqualsIgnoreCase(name, "x-real-ip"u8) => Header.Dropped,
        10 when Ascii.EqualsIgnoreCase(name, "connection"u8) => Header.Connection,
        10 when Ascii.EqualsIgnoreCase(name, "keep-alive"u8) => Header.Dropped,
        14 when Ascii.EqualsIgnoreCase(name, "content-length"u8) => Header.ContentLength,
        15 when Ascii.EqualsIgnoreCase(name, "x-forwarded-for"u8) => Header.Dropped,
        16 when Ascii.EqualsIgnoreCase(name, "x-forwarded-host"u8) || Ascii.EqualsIgnoreCase(name, "x-forwarded-port"u8)
            || Ascii.EqualsIgnoreCase(name, "proxy-connection"u8) => Header.Dropped,
        17 when Ascii.EqualsIgnoreCase(name, "x-forwarded-proto"u8) => Header.Dropped,
        17 when Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8) => Header.Unsupported,
        _ => Header.Other,
    };

    private static void AppendLine(IBufferWriter<byte> writer, ReadOnlySpan<byte> line)
    {
        writer.Write(line);
        writer.Write("\r\n"u8);
    }

    private enum Header
    {
        Other,
        Host,
        ContentLength,
        Connection,
        Dropped,
        Unsupported,
    }
}
