using System.Globalization;
using System.Text;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>The status line and headers of a node agent's answer, read without consuming the bytes after them.</summary>
public sealed record BackendResponseHead(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    private const int MaxHeadBytes = 64 * 1024;

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public static async Task<BackendResponseHead> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(512);
        var one = new byte[1];
        while (bytes.Count < 4 || bytes[^1] != '\n' || bytes[^2] != '\r' || bytes[^3] != '\n' || bytes[^4] != '\r')
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
                throw new IOException("the node agent closed the connection before answering");
            bytes.Add(one[0]);
            if (bytes.Count > MaxHeadBytes)
                throw new IOException("the node agent's answer head is too large");
        }
        return Parse(Encoding.Latin1.GetString(bytes.ToArray()));
    }

    public static BackendResponseHead Parse(string text)
    {
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = lines.Length > 0 ? lines[0].Split(' ', 3) : [];
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            throw new IOException("malformed answer from the node agent");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim())).ToList();
        return new BackendResponseHead(code, headers);
    }
}
