using System.Text;

namespace Wharf.Scheduler.Hosting;

/// <summary>The request line of an HTTP/1.x request: method and path (query dropped), read from the head's bytes.</summary>
internal readonly record struct HttpRequestHead(string Method, string Path)
{
    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    /// <summary>Where the head ends (just past the blank line), or -1 while it is incomplete.</summary>
    public static int HeadLength(ReadOnlySpan<byte> received)
    {
        var end = received.IndexOf(EndOfHead);
        return end < 0 ? -1 : end + EndOfHead.Length;
    }

    /// <summary>Parses "METHOD TARGET HTTP/1.x"; null for anything else.</summary>
    public static HttpRequestHead? Parse(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = lineEnd < 0 ? head : head[..lineEnd];
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0) return null;
        var rest = line[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf((byte)' ');
        if (secondSpace <= 0 || !rest[(secondSpace + 1)..].StartsWith("HTTP/1."u8)) return null;
        var target = rest[..secondSpace];
        var query = target.IndexOf((byte)'?');
        if (query >= 0) target = target[..query];
        return new HttpRequestHead(Encoding.ASCII.GetString(line[..firstSpace]), Encoding.ASCII.GetString(target));
    }
}
