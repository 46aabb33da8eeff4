using System.Text;
using System.Web;

namespace Wharf.Hosting.Http;

/// <summary>
/// The request line and headers of one HTTP/1.1 request. The head is read byte by byte so
/// nothing after it is consumed: after an upgrade those bytes belong to the WebSocket or SPDY session.
/// </summary>
public sealed record HttpRequestHead(string Method, string Path, string Query, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    private const int MaxHeadBytes = 64 * 1024;

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>All values of a header, comma-separated lists split (Sec-WebSocket-Protocol, X-Stream-Protocol-Version).</summary>
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    public IReadOnlyList<string> QueryValues(string name) =>
        HttpUtility.ParseQueryString(Query).GetValues(name) ?? [];

    public string? QueryValue(string name) => QueryValues(name) is [.., var last] ? last : null;

    /// <summary>Kubernetes' boolean query flags: "1", "true" or present without a value.</summary>
    public bool QueryFlag(string name) => QueryValue(name) is { } v && (v is "" or "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    public bool IsUpgrade(string protocol) =>
        HeaderValues("Connection").Any(v => v.Equals("upgrade", StringComparison.OrdinalIgnoreCase))
        && (Header("Upgrade") ?? "").StartsWith(protocol, StringComparison.OrdinalIgnoreCase);

    public static async Task<HttpRequestHead?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(1024);
        var one = new byte[1];
        while (bytes.Count < 4 || bytes[^1] != '\n' || bytes[^2] != '\r' || bytes[^3] != '\n' || bytes[^4] != '\r')
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
                return null;
            bytes.Add(one[0]);
            if (bytes.Count > MaxHeadBytes)
                throw new InvalidDataException("request head too large");
        }
        return Parse(Encoding.Latin1.GetString(bytes.ToArray()));
    }

    public static HttpRequestHead Parse(string text)
    {
        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            throw new InvalidDataException("malformed request line");
        var target = requestLine[1];
        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new InvalidDataException("malformed header line");
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return new HttpRequestHead(requestLine[0], Uri.UnescapeDataString(path), query, headers);
    }
}
