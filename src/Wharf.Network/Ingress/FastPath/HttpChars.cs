using System.Buffers;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// Byte classes of HTTP/1.1 (RFC 9110/9112) the fast path accepts. Anything outside them is left to Kestrel, whose
/// parser answers it exactly as it would without the fast path (usually 400).
/// </summary>
internal static class HttpChars
{
    /// <summary>tchar: method and header names.</summary>
    public static readonly SearchValues<byte> Token = SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Visible ASCII, space and tab: header values (obs-text and controls go to Kestrel).</summary>
    public static readonly SearchValues<byte> FieldValue = SearchValues.Create(Range(0x20, 0x7E).Append((byte)'\t').ToArray());

    /// <summary>Request-target bytes: visible ASCII without '#' (no fragment goes on the wire).</summary>
    public static readonly SearchValues<byte> Target = SearchValues.Create(Range(0x21, 0x7E).Where(b => b != '#').ToArray());

    /// <summary>What a Host header may hold: a reg-name or IP literal and a port.</summary>
    public static readonly SearchValues<byte> Host = SearchValues.Create("-.0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz"u8);

    private static IEnumerable<byte> Range(int first, int last) => Enumerable.Range(first, last - first + 1).Select(b => (byte)b);
}
