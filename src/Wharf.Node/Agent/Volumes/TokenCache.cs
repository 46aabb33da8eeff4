using System.Collections.Concurrent;

namespace Wharf.Node.Agent.Volumes;

/// <summary>
/// Projected service account tokens, kept per pod (and service account, audience and lifetime) until 80 % of their lifetime has passed (kubelet's
/// token manager also caps that at 24 h), so that refreshing a pod's volumes every minute does not ask the API for
/// a new token each time: with 100 pods that was 100 TokenRequests a minute for tokens valid for an hour.
/// </summary>
internal sealed class TokenCache(TokenRequester requester, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);
    private readonly ConcurrentDictionary<(string PodUid, string Request), (string Token, DateTimeOffset RefreshAt)> _tokens = new();

    /// <summary>A token bound to the pod, as <see cref="TokenRequester.RequestAsync"/> gets it, or the same one again while it is fresh.</summary>
    public async Task<string> GetAsync(string ns, string serviceAccount, string podName, string podUid, string? audience, long expirationSeconds, CancellationToken ct)
    {
        // What the token depends on besides the pod; two volumes asking for the same token share it.
        var key = (podUid, $"{serviceAccount}|{audience}|{expirationSeconds}");
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(key, out var cached) && now < cached.RefreshAt)
            return cached.Token;
        var token = await requester.RequestAsync(ns, serviceAccount, podName, podUid, audience, expirationSeconds, ct);
        var lifetime = TimeSpan.FromSeconds(expirationSeconds);
        _tokens[key] = (token, now + (lifetime < MaxAge ? lifetime : MaxAge) * 0.8);
        return token;
    }

    /// <summary>The pod is gone: its tokens go with it.</summary>
    public void Forget(string podUid)
    {
        foreach (var key in _tokens.Keys.Where(k => k.PodUid == podUid))
            _tokens.TryRemove(key, out _);
    }
}
