namespace Wharf.Node.Logs;

/// <summary>
/// Reads a CRI log file as whole lines: partial (P) entries are joined with the entry that completes them, as
/// <c>kubectl logs</c> shows them. Lines that do not parse are skipped (a line cut by rotation, say).
/// </summary>
public static class CriLogReader
{
    public static IEnumerable<CriLogLine> ReadLines(TextReader reader)
    {
        // Partial entries are joined per stream: stdout and stderr interleave independently.
        var pending = new Dictionary<CriLogStream, (CriLogLine First, System.Text.StringBuilder Content)>();
        while (reader.ReadLine() is { } text)
        {
            if (!CriLogParser.TryParse(text, out var line))
                continue;
            if (line.Partial)
            {
                if (pending.TryGetValue(line.Stream, out var open))
                    open.Content.Append(line.Content);
                else
                    pending[line.Stream] = (line, new System.Text.StringBuilder(line.Content));
                continue;
            }
            if (pending.Remove(line.Stream, out var started))
                yield return started.First with { Partial = false, Content = started.Content.Append(line.Content).ToString() };
            else
                yield return line;
        }
        foreach (var (_, open) in pending)
            yield return open.First with { Content = open.Content.ToString() };
    }

    /// <summary>Reads a log file that the runtime may still be writing to.</summary>
    public static IReadOnlyList<CriLogLine> ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return ReadLines(reader).ToList();
    }
}
