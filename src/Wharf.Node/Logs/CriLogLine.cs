namespace Wharf.Node.Logs;

/// <summary>
/// One line of a CRI container log: <c>TIMESTAMP STREAM TAG CONTENT</c>, where TIMESTAMP is RFC 3339 with up to
/// nanoseconds and TAG is F (full line) or P (partial: the runtime split a long line, the next entry continues it).
/// </summary>
/// <param name="Timestamp">The time with 100 ns precision (.NET's tick).</param>
/// <param name="RawTimestamp">The timestamp exactly as written, for <c>kubectl logs --timestamps</c>.</param>
public readonly record struct CriLogLine(DateTimeOffset Timestamp, string RawTimestamp, CriLogStream Stream, bool Partial, string Content);
