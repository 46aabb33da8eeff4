namespace Wharf.ApiServer.Requests;

/// <summary>Parses resource URLs under <c>/api/v1</c> and <c>/apis/{group}/{version}</c>.</summary>
public static class RequestInfoParser
{
    /// <summary>Returns null when the path is not a resource path (discovery documents, health, …).</summary>
    public static RequestInfo? Parse(string method, string path, bool watchParam)
    {
        var segments = path.Trim('/').Split('/');
        int index;
        string group, version;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            group = "";
            version = segments[1];
            index = 2;
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            group = segments[1];
            version = segments[2];
            index = 3;
        }
        else
        {
            return null;
        }

        var rest = segments[index..].Select(Uri.UnescapeDataString).ToList();
        var legacyWatch = false;
        if (rest.Count > 0 && rest[0] == "watch")
        {
            // The deprecated /watch/ prefix form.
            legacyWatch = true;
            rest.RemoveAt(0);
        }
        if (rest.Count == 0 || rest.Any(s => s.Length == 0)) return null;

        string? ns = null;
        if (rest[0] == "namespaces" && rest.Count >= 2)
        {
            ns = rest[1];
            // namespaces/NAME/status and /finalize are subresources of the namespace itself;
            // anything else after the name is a namespaced resource.
            if (rest.Count > 2 && rest[2] is not ("status" or "finalize"))
                rest.RemoveRange(0, 2);
        }

        var resource = rest[0];
        var name = rest.Count > 1 ? rest[1] : null;
        var subresource = rest.Count > 2 ? rest[2] : null;
        var extra = rest.Count > 3 ? rest.Skip(3).ToList() : [];

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
}
