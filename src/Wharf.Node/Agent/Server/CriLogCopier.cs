using System.Text;
using Wharf.Node.Logs;

namespace Wharf.Node.Agent.Server;

/// <summary>
/// Copies a CRI log file to a client as <c>kubectl logs</c> shows it: the content of each entry (partial entries
/// without the newline, so they join the next one), optionally behind its timestamp, filtered by tail, since and
/// byte limit, and with follow the entries written later until the container has stopped.
/// </summary>
internal sealed class CriLogCopier(TimeSpan pollInterval)
{
    /// <param name="stillWriting">Whether the runtime may still append (the container runs); polled while following.</param>
    public async Task CopyAsync(string path, ContainerLogOptions options, Func<CancellationToken, Task<bool>> stillWriting, Stream output, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: false);
        if (options.TailLines is { } tail)
            file.Position = TailOffset(file, tail);

        var remaining = options.LimitBytes ?? long.MaxValue;
        var pending = new List<byte>();
        var buffer = new byte[16 * 1024];
        var lastCheck = DateTime.UtcNow;
        while (remaining > 0)
        {
            var read = await file.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                var start = 0;
                for (var i = 0; i < read && remaining > 0; i++)
                {
                    if (buffer[i] != '\n') continue;
                    pending.AddRange(buffer.AsSpan(start, i - start));
                    if (FormatEntry(CollectionsMarshalSpan(pending), options) is { } entry)
                    {
                        var length = (int)Math.Min(entry.Length, remaining);
                        await output.WriteAsync(entry.AsMemory(0, length), cancellationToken);
                        remaining -= length;
                    }
                    pending.Clear();
                    start = i + 1;
                }
                if (start < read) pending.AddRange(buffer.AsSpan(start, read - start));
                await output.FlushAsync(cancellationToken);
                continue;
            }
            if (!options.Follow)
                break;
            // At the end of the file: wait for more, and stop once the container no longer writes.
            if (DateTime.UtcNow - lastCheck > TimeSpan.FromSeconds(1))
            {
                lastCheck = DateTime.UtcNow;
                if (!await stillWriting(cancellationToken) && file.Position >= file.Length)
                    break;
            }
            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    private static ReadOnlySpan<byte> CollectionsMarshalSpan(List<byte> bytes) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);

    /// <summary>One entry (a CRI line without its newline) as the client sees it; null when filtered out or malformed.</summary>
    internal static byte[]? FormatEntry(ReadOnlySpan<byte> line, ContainerLogOptions options)
    {
        if (!TrySplit(line, out var timestamp, out var partial, out var content))
            return null;
        if (options.Since is { } since
            && (!CriLogParser.TryParseTimestamp(Encoding.ASCII.GetString(timestamp), out var at) || at < since))
            return null;
        var entry = new byte[(options.Timestamps ? timestamp.Length + 1 : 0) + content.Length + (partial ? 0 : 1)];
        var rest = entry.AsSpan();
        if (options.Timestamps)
        {
            timestamp.CopyTo(rest);
            rest[timestamp.Length] = (byte)' ';
            rest = rest[(timestamp.Length + 1)..];
        }
        content.CopyTo(rest);
        if (!partial)
            rest[^1] = (byte)'\n';
        return entry;
    }

    /// <summary>TIMESTAMP STREAM TAG CONTENT, on bytes (content is whatever the container wrote, not necessarily UTF-8).</summary>
    internal static bool TrySplit(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> timestamp, out bool partial, out ReadOnlySpan<byte> content)
    {
        timestamp = content = default;
        partial = false;
        var first = line.IndexOf((byte)' ');
        if (first <= 0) return false;
        timestamp = line[..first];
        var rest = line[(first + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second <= 0) return false;
        rest = rest[(second + 1)..];
        var third = rest.IndexOf((byte)' ');
        var tag = third < 0 ? rest : rest[..third];
        partial = tag.Length > 0 && tag[0] == (byte)'P';
        content = third < 0 ? default : rest[(third + 1)..];
        return true;
    }

    /// <summary>Where the last <paramref name="lines"/> complete (F) entries begin; partial entries belong to the line they end in.</summary>
    internal static long TailOffset(FileStream file, long lines)
    {
        if (lines == 0) return file.Length;
        var starts = new List<long> { 0 };
        var offset = 0L;
        var buffer = new byte[16 * 1024];
        var lineStart = 0L;
        var afterPartial = false;
        file.Position = 0;
        int read;
        var head = new List<byte>(64);
        while ((read = file.Read(buffer)) > 0)
        {
            for (var i = 0; i < read; i++, offset++)
            {
                if (head.Count < 64) head.Add(buffer[i]);
                if (buffer[i] != '\n') continue;
                var isPartial = TrySplit(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(head), out _, out var p, out _) && p;
                if (!afterPartial) starts.Add(lineStart);
                afterPartial = isPartial;
                lineStart = offset + 1;
                head.Clear();
            }
        }
        // starts[0] is a sentinel; starts[1..] are the entries' first bytes.
        var count = starts.Count - 1;
        return count <= lines ? 0 : starts[(int)(count - lines + 1)];
    }
}
