using System.Collections.Frozen;
using System.Net.Security;
using Wharf.Network.Ingress.Routing;

namespace Wharf.Network.Ingress.Tls;

/// <summary>
/// The TLS hosts of the served Ingresses: which certificate a ClientHello's SNI selects (exact name, then the
/// one-label wildcard, then the fallback) and which hosts get redirected from HTTP to HTTPS.
/// A host listed under <c>spec.tls</c> whose Secret is unusable still counts as TLS (served with the fallback).
/// </summary>
internal sealed class TlsTable(
    FrozenDictionary<string, SslStreamCertificateContext?> exact,
    FrozenDictionary<string, SslStreamCertificateContext?> wildcard,
    SslStreamCertificateContext fallback)
{
    public SslStreamCertificateContext Fallback => fallback;

    public static TlsTable Empty(SslStreamCertificateContext fallback) =>
        new(FrozenDictionary<string, SslStreamCertificateContext?>.Empty, FrozenDictionary<string, SslStreamCertificateContext?>.Empty, fallback);

    public bool HasTls(string host)
    {
        host = HostName.Normalize(host);
        return exact.ContainsKey(host) || (HostName.ParentOf(host) is { } parent && wildcard.ContainsKey(parent));
    }

    public SslStreamCertificateContext Select(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName)) return fallback;
        var host = HostName.Normalize(serverName);
        if (exact.TryGetValue(host, out var byName) && byName is not null) return byName;
        if (HostName.ParentOf(host) is { } parent && wildcard.TryGetValue(parent, out var byWildcard) && byWildcard is not null) return byWildcard;
        return fallback;
    }

    /// <summary>
    /// Builds the table from the served Ingresses, oldest first (the oldest Ingress's Secret wins a host), and
    /// reports per Ingress the Secrets that could not be used.
    /// </summary>
    public static TlsTable Build(IEnumerable<IngressSpec> ingressesOldestFirst, Func<string, string, TlsSecret> readSecret, SslStreamCertificateContext fallback, Action<IngressSpec, TlsSecret> onUnusable)
    {
        var exact = new Dictionary<string, SslStreamCertificateContext?>();
        var wildcard = new Dictionary<string, SslStreamCertificateContext?>();
        foreach (var ingress in ingressesOldestFirst)
        {
            foreach (var entry in ingress.Tls)
            {
                SslStreamCertificateContext? context = null;
                if (entry.SecretName is { } secretName)
                {
                    var secret = readSecret(ingress.Namespace, secretName);
                    if (secret.Context is null) onUnusable(ingress, secret);
                    context = secret.Context;
                }
                foreach (var host in entry.Hosts)
                {
                    var (map, key) = HostName.IsWildcard(host) ? (wildcard, HostName.WildcardSuffix(host)) : (exact, host);
                    // A host first claimed without a usable Secret may still get one from a later Ingress.
                    if (!map.TryGetValue(key, out var existing) || existing is null) map[key] = context;
                }
            }
        }
        return new TlsTable(exact.ToFrozenDictionary(), wildcard.ToFrozenDictionary(), fallback);
    }
}
