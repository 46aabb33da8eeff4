using System.Globalization;

namespace Wharf.Node.Logs;

/// <summary>Parses and writes the CRI log format containerd writes for each container.</summary>
public static class CriLogParser
{
    public static bool TryParse(string line, out CriLogLine result)
    {
        result = default;
        var span = line.AsSpan().TrimEnd('\n');
        var first = span.IndexOf(' ');
        if (first <= 0)
            return false;
        var rawTimestamp = span[..first];
        if (!TryParseTimestamp(rawTimestamp, out var timestamp))
            return false;
        span = span[(first + 1)..];

        var second = span.IndexOf(' ');
        if (second <= 0)
            return false;
        CriLogStream stream;
        if (span[..second].SequenceEqual("stdout"))
            stream = CriLogStream.Stdout;
        else if (span[..second].SequenceEqual("stderr"))
            stream = CriLogStream.Stderr;
        else
            return false;
        span = span[(second + 1)..];

        // The tag field may grow ':'-separated tags; the first one is the partial/full marker.
        var third = span.IndexOf(' ');
        var tags = third < 0 ? span : span[..third];
        var colon = tags.IndexOf(':');
        var tag = colon < 0 ? tags : tags[..colon];
        bool partial;
        if (tag.SequenceEqual("F"))
            partial = false;
        else if (tag.SequenceEqual("P"))
            partial = true;
        else
            return false;
        var content = third < 0 ? string.Empty : span[(third + 1)..].ToString();
        result = new CriLogLine(timestamp, rawTimestamp.ToString(), stream, partial, content);
        return true;
    }

    /// <summary>
    /// Parses RFC 3339 timestamps with 0–9 fractional digits; .NET's parser stops at 7, CRI writes 9
    /// (digits beyond the 100 ns tick are dropped).
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        var dot = text.IndexOf('.');
        if (dot < 0)
            return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.None, out timestamp);
        var zone = dot + 1;
        while (zone < text.Length && char.IsAsciiDigit(text[zone]))
            zone++;
        var digits = text[(dot + 1)..zone];
        if (digits.Length is 0 or > 9)
            return false;
        Span<char> whole = stackalloc char[dot + (text.Length - zone)];
        text[..dot].CopyTo(whole);
        text[zone..].CopyTo(whole[dot..]);
        if (!DateTimeOffset.TryParseExact(whole, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.None, out timestamp))
            return false;
        long fraction = 0;
        for (var i = 0; i < 7; i++)
            fraction = fraction * 10 + (i < digits.Length ? digits[i] - '0' : 0);
        timestamp = timestamp.AddTicks(fraction);
        return true;
    }

    /// <summary>Formats a line as a runtime would write it (for tests and for the agent's own log writing).</summary>
    public static string Format(DateTimeOffset timestamp, CriLogStream stream, bool partial, string content) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{timestamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff}00Z {(stream == CriLogStream.Stdout ? "stdout" : "stderr")} {(partial ? 'P' : 'F')} {content}");
}
