using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Net.Security;
using Wharf.Client.Cache;
using Wharf.Client.Meta;

namespace Wharf.Network.Ingress.Tls;

/// <summary>
/// Reads <c>tls.crt</c> (leaf then intermediates, PEM) and <c>tls.key</c> from Secrets, keeping the parsed result per
/// resourceVersion so a rebuild after an unrelated change does not parse every certificate again.
/// </summary>
internal sealed class TlsSecretReader(IIndexer secrets)
{
    private readonly Dictionary<string, (string? Version, TlsSecret Secret)> _parsed = new();
    private HashSet<string> _used = new();

    /// <summary>Starts a rebuild: secrets not read again before <see cref="EndPass"/> are forgotten.</summary>
    public void BeginPass() => _used = new HashSet<string>();

    public void EndPass()
    {
        foreach (var key in _parsed.Keys.Where(k => !_used.Contains(k)).ToList()) _parsed.Remove(key);
    }

    public TlsSecret Read(string ns, string name)
    {
        var key = CacheKeys.For(ns, name);
        _used.Add(key);
        if (secrets.Get(ns, name) is not { } secret)
        {
            _parsed.Remove(key);
            return TlsSecret.Unusable(TlsSecret.SecretNotFound, $"Secret {key} not found");
        }
        var version = ObjectMeta.ResourceVersion(secret);
        if (_parsed.TryGetValue(key, out var cached) && cached.Version == version) return cached.Secret;
        var parsed = Parse(key, secret);
        _parsed[key] = (version, parsed);
        return parsed;
    }

    internal static TlsSecret Parse(string key, JsonObject secret)
    {
        var data = secret["data"] as JsonObject;
        if (Decode(data?["tls.crt"]) is not { } certPem || Decode(data?["tls.key"]) is not { } keyPem)
            return TlsSecret.Unusable(TlsSecret.InvalidSecret, $"Secret {key} has no tls.crt and tls.key");
        try
        {
            var leaf = X509Certificate2.CreateFromPem(certPem, keyPem);
            var all = new X509Certificate2Collection();
            all.ImportFromPem(certPem);
            var intermediates = new X509Certificate2Collection(all.Skip(1).ToArray());
            return TlsSecret.Usable(SslStreamCertificateContext.Create(leaf, intermediates, offline: true));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return TlsSecret.Unusable(TlsSecret.InvalidSecret, $"Secret {key} does not hold a usable certificate and key: {e.Message}");
        }
    }

    private static string? Decode(JsonNode? node)
    {
        if (node is not JsonValue v || !v.TryGetValue<string>(out var text) || text.Length == 0) return null;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
