using System.Globalization;
using Wharf.Node.Logs;

namespace Wharf.Node.Agent.Server;

/// <summary>The query of <c>/containerLogs</c> (PodLogOptions as kubelet receives them).</summary>
public sealed record ContainerLogOptions
{
    public bool Follow { get; init; }
    public bool Previous { get; init; }
    public bool Timestamps { get; init; }
    public long? TailLines { get; init; }
    public long? LimitBytes { get; init; }
    public DateTimeOffset? Since { get; init; }

    /// <summary>Parses the query; returns an error message for values upstream rejects.</summary>
    internal static (ContainerLogOptions? Options, string? Error) Parse(HttpRequestHead request, DateTimeOffset now)
    {
        long? Number(string name) =>
            request.QueryValue(name) is { Length: > 0 } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

        var tail = Number("tailLines");
        var limit = Number("limitBytes");
        var sinceSeconds = Number("sinceSeconds");
        if (tail < 0) return (null, "tailLines: Invalid value: must be greater than or equal to 0");
        if (limit < 1) return (null, "limitBytes: Invalid value: must be greater than 0");
        if (sinceSeconds < 1) return (null, "sinceSeconds: Invalid value: must be greater than 0");
        DateTimeOffset? since = sinceSeconds is { } s ? now.AddSeconds(-s) : null;
        if (request.QueryValue("sinceTime") is { Length: > 0 } sinceTime)
        {
            if (!CriLogParser.TryParseTimestamp(sinceTime, out var parsed))
                return (null, $"sinceTime: Invalid value: \"{sinceTime}\": not an RFC 3339 time");
            since = parsed;
        }
        return (new ContainerLogOptions
        {
            Follow = request.QueryFlag("follow"),
            Previous = request.QueryFlag("previous"),
            Timestamps = request.QueryFlag("timestamps"),
            TailLines = tail,
            LimitBytes = limit,
            Since = since,
        }, null);
    }
}
