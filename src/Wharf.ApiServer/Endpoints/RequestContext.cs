using Microsoft.AspNetCore.Http;
using Wharf.ApiServer.Authentication;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Requests;
using Wharf.ApiServer.Serialization;

namespace Wharf.ApiServer.Endpoints;

/// <summary>Everything a resource handler needs about one request, resolved once.</summary>
public sealed record RequestContext(HttpContext Http, RequestInfo Info, ResourceKind Kind, string? Namespace, UserInfo User, AcceptHeader Accept)
{
    public IQueryCollection Query => Http.Request.Query;
    public CancellationToken Aborted => Http.RequestAborted;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;

    public bool QueryFlag(string name) => QueryValue(name) is { } v && (v == "" || v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1");

    public bool DryRun => Query.TryGetValue("dryRun", out var v) && v.Any(x => x == "All");
}
