using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Wharf.Node.Agent.Server;

/// <summary>
/// Opens an upgraded connection to the runtime's streaming server (containerd's, on loopback, plain HTTP) at the
/// one-time URL CRI handed out: sends the upgrade request and reads the answer's head, leaving the session bytes.
/// </summary>
internal static class RuntimeStreamDialer
{
    public sealed record Answer(int Status, string StatusLine, IReadOnlyList<KeyValuePair<string, string>> Headers, Stream Connection);

    public static async Task<Answer> DialAsync(Uri url, string method, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        if (url.Scheme != "http")
            throw new NotSupportedException($"streaming URL scheme {url.Scheme}");
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(url.Host, url.Port, cancellationToken);
            var stream = client.GetStream();
            var request = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{method} {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n");
            foreach (var (name, value) in headers)
                request.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            request.Append("\r\n");
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request.ToString()), cancellationToken);

            var head = await ReadHeadAsync(stream, cancellationToken);
            var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var parts = lines[0].Split(' ', 3);
            if (parts.Length < 2 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var status))
                throw new IOException("malformed answer from the runtime's streaming server: " + lines[0]);
            var answerHeaders = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim())).ToList();
            return new Answer(status, lines[0], answerHeaders, stream);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(512);
        var one = new byte[1];
        while (bytes.Count < 4 || bytes[^1] != '\n' || bytes[^2] != '\r' || bytes[^3] != '\n' || bytes[^4] != '\r')
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
                throw new IOException("the runtime's streaming server closed the connection");
            bytes.Add(one[0]);
            if (bytes.Count > 64 * 1024)
                throw new IOException("answer head too large");
        }
        return Encoding.Latin1.GetString(bytes.ToArray());
    }
}
