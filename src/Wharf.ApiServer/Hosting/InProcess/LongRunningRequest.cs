namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// Which in-process requests take no seat (<see cref="InProcessSeats"/>): the long-running ones, as upstream's API
/// Priority and Fairness exempts them from its seats — watches (<c>?watch=true</c> or the legacy <c>/watch/</c> path),
/// followed logs, and exec / attach / port-forward / proxy streams. They would hold a seat for their whole life.
/// </summary>
internal static class LongRunningRequest
{
    private static readonly string[] StreamingSubresources = ["/exec", "/attach", "/portforward", "/proxy"];

    public static bool Is(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Contains("/watch/", StringComparison.Ordinal)) return true;
        foreach (var subresource in StreamingSubresources)
        {
            if (path.EndsWith(subresource, StringComparison.Ordinal) || path.Contains(subresource + "/", StringComparison.Ordinal)) return true;
        }
        var query = uri.Query.AsSpan();
        if (query.IsEmpty) return false;
        foreach (var range in query[1..].Split('&'))
        {
            var parameter = query[1..][range];
            var eq = parameter.IndexOf('=');
            var name = eq < 0 ? parameter : parameter[..eq];
            var value = eq < 0 ? [] : parameter[(eq + 1)..];
            // As the server reads them: a present parameter with an empty value counts as true.
            if ((name.SequenceEqual("watch") || name.SequenceEqual("follow") && path.EndsWith("/log", StringComparison.Ordinal))
                && (value.IsEmpty || value.SequenceEqual("true") || value.SequenceEqual("1")))
                return true;
        }
        return false;
    }
}
