using System.Buffers;

namespace Wharf.ApiServer.Requests;

/// <summary>Parses resource URLs under <c>/api/v1</c> and <c>/apis/{group}/{version}</c>.</summary>
/// <remarks>
/// Every request passes here: the path is cut into segment ranges instead of an array of strings, and the names
/// that recur (group, version, resource, namespace, subresource) come from <see cref="PathTokens"/>, so a request
/// allocates only its object name and the <see cref="RequestInfo"/>.
/// </remarks>
public static class RequestInfoParser
{
    private const int StackSegments = 16;

    /// <summary>Returns null when the path is not a resource path (discovery documents, health, …).</summary>
    public static RequestInfo? Parse(string method, string path, bool watchParam)
    {
        var trimmed = path.AsSpan().Trim('/');
        var count = trimmed.Count('/') + 1;
        Range[]? rented = null;
        Span<Range> ranges = count <= StackSegments ? stackalloc Range[StackSegments] : (rented = ArrayPool<Range>.Shared.Rent(count));
        try
        {
            ranges = ranges[..trimmed.Split(ranges[..count], '/')];
            return Parse(method, trimmed, ranges, watchParam);
        }
        finally
        {
            if (rented is not null) ArrayPool<Range>.Shared.Return(rented);
        }
    }

    private static RequestInfo? Parse(string method, ReadOnlySpan<char> path, ReadOnlySpan<Range> segments, bool watchParam)
    {
        int index;
        string group, version;
        if (segments.Length >= 3 && path[segments[0]] is "api")
        {
            group = "";
            version = PathTokens.Of(path[segments[1]]);
            index = 2;
        }
        else if (segments.Length >= 4 && path[segments[0]] is "apis")
        {
            group = PathTokens.Of(path[segments[1]]);
            version = PathTokens.Of(path[segments[2]]);
            index = 3;
        }
        else
        {
            return null;
        }

        // The segments after the group version, unescaped as they are read.
        var rest = segments[index..];
        var legacyWatch = false;
        if (rest.Length > 0 && Unescaped(path[rest[0]]) is "watch")
        {
            // The deprecated /watch/ prefix form.
            legacyWatch = true;
            rest = rest[1..];
        }
        if (rest.Length == 0) return null;
        foreach (var segment in rest)
            if (Unescaped(path[segment]).IsEmpty) return null;

        string? ns = null;
        if (Unescaped(path[rest[0]]) is "namespaces" && rest.Length >= 2)
        {
            ns = Token(path[rest[1]]);
            // namespaces/NAME/status and /finalize are subresources of the namespace itself;
            // anything else after the name is a namespaced resource.
            if (rest.Length > 2 && Unescaped(path[rest[2]]) is not ("status" or "finalize"))
                rest = rest[2..];
        }

        var resource = Token(path[rest[0]]);
        var name = rest.Length > 1 ? Uri.UnescapeDataString(path[rest[1]]) : null;
        var subresource = rest.Length > 2 ? Token(path[rest[2]]) : null;
        IReadOnlyList<string> extra = [];
        if (rest.Length > 3)
        {
            var extraSegments = new string[rest.Length - 3];
            for (var i = 0; i < extraSegments.Length; i++) extraSegments[i] = Uri.UnescapeDataString(path[rest[i + 3]]);
            extra = extraSegments;
        }

        var verb = method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => name is null ? (watchParam || legacyWatch ? "watch" : "list") : (legacyWatch ? "watch" : "get"),
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };
        return new RequestInfo
        {
            Verb = verb,
            Group = group,
            Version = version,
            Resource = resource,
            Namespace = ns,
            Name = name,
            Subresource = subresource,
            ExtraPath = extra,
        };
    }

    /// <summary>A segment as the URL means it: escapes (rare in resource paths) decoded into a new string.</summary>
    private static ReadOnlySpan<char> Unescaped(ReadOnlySpan<char> segment) =>
        segment.Contains('%') ? Uri.UnescapeDataString(segment) : segment;

    /// <summary>An unescaped segment that recurs across requests, shared.</summary>
    private static string Token(ReadOnlySpan<char> segment) =>
        segment.Contains('%') ? Uri.UnescapeDataString(segment) : PathTokens.Of(segment);
}
