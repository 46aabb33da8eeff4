using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace Wharf.Bench.Api;

/// <summary>
/// Plain HTTPS access to Wharf with the kubeconfig's admin client certificate. No client library sits in between,
/// so the figures are the server's (plus one JSON parse per answer on our side). Requests travel as HTTP/2, all
/// concurrent ones multiplexed on one TLS connection per instance, as client-go (kubectl, controllers) sends them.
/// Until the seventh session they travelled as HTTP/1.1 with one connection per concurrent request (each request's
/// own version won over the client's default); HTTP/2 costs both sides less CPU per write (PERFORMANCE.md, "Write
/// path (seventh session)"), and <see cref="FromKubeconfig"/> can still ask for 1.1 to compare.
/// </summary>
internal sealed class WharfApi : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly Version _requestVersion;

    private WharfApi(HttpClient http, Version requestVersion)
    {
        _http = http;
        _requestVersion = requestVersion;
    }

    /// <summary>
    /// Reads server URL, CA and client certificate from a kubeconfig. Each instance has its own connection pool.
    /// </summary>
    /// <param name="requestVersion">HTTP version of the requests: 2.0 (the default) multiplexes them on one connection, 1.1 opens one per concurrent request.</param>
    public static WharfApi FromKubeconfig(string kubeconfigPath, TimeSpan requestTimeout, Version? requestVersion = null)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        var pem = X509Certificate2.CreateFromPem(
            Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateData)),
            Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateKeyData)));
        // PKCS#12 round trip: TLS on Linux wants a certificate whose key is not an ephemeral PEM import.
        var clientCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var roots = config.SslCaCerts ?? throw new InvalidOperationException("kubeconfig has no certificate-authority-data");
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { clientCertificate },
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IsIssuedBy(certificate as X509Certificate2, roots),
            },
        };
        var http = new HttpClient(handler)
        {
            BaseAddress = new Uri(config.Host),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = requestTimeout,
        };
        return new WharfApi(http, requestVersion ?? HttpVersion.Version20);
    }

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync("/readyz", ct);
        return response.StatusCode == HttpStatusCode.OK;
    }

    public async Task CreateNamespaceAsync(string name, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""");
        await SendAsync(HttpMethod.Post, "/api/v1/namespaces", body, ct);
    }

    /// <summary>Creates a ConfigMap and returns its resourceVersion.</summary>
    public async Task<string> CreateConfigMapAsync(string ns, string name, long generation, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMapJson.Build(ns, name, null, generation), ct);
        return ConfigMapJson.ReadResourceVersion(answer);
    }

    /// <summary>Replaces a ConfigMap (optimistic concurrency on <paramref name="resourceVersion"/>) and returns the new one.</summary>
    public async Task<string> UpdateConfigMapAsync(string ns, string name, string resourceVersion, long generation, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/{name}", ConfigMapJson.Build(ns, name, resourceVersion, generation), ct);
        return ConfigMapJson.ReadResourceVersion(answer);
    }

    public Task<byte[]> GetConfigMapAsync(string ns, string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/{name}", null, ct);

    /// <summary>
    /// One unpaged LIST of a namespace's ConfigMaps, the whole body read; also returns when the response headers
    /// arrived (a server that renders the whole list before sending shows a first byte close to the last).
    /// </summary>
    public async Task<(byte[] Body, long HeadersTimestamp)> ListConfigMapsAsync(string ns, CancellationToken ct)
    {
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        using var request = NewRequest(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var headersAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new ApiException(HttpMethod.Get, path, response.StatusCode, Encoding.UTF8.GetString(body));
        return (body, headersAt);
    }

    /// <summary>
    /// Opens a watch on a namespace's ConfigMaps and returns once the response headers arrived, which Wharf sends
    /// only after the store watch is registered: every write acknowledged after this returns is delivered on it.
    /// </summary>
    public async Task<HttpResponseMessage> OpenConfigMapWatchAsync(string ns, int timeoutSeconds, CancellationToken ct)
    {
        var request = NewRequest(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?watch=1&timeoutSeconds={timeoutSeconds}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new ApiException(HttpMethod.Get, request.RequestUri!.ToString(), response.StatusCode, text);
        }
        return response;
    }

    /// <summary>A plain-text endpoint such as <c>/metrics</c>.</summary>
    public Task<string> GetTextAsync(string path, CancellationToken ct) => _http.GetStringAsync(path, ct);

    /// <summary>
    /// The server's <c>dotnet_gc_allocated_bytes_total</c> from /metrics: managed bytes allocated since it started;
    /// null for a build without it (A/B rounds against older builds).
    /// </summary>
    public async Task<long?> ReadAllocatedBytesAsync(CancellationToken ct)
    {
        const string name = "dotnet_gc_allocated_bytes_total ";
        var text = await GetTextAsync("/metrics", ct);
        var at = text.IndexOf("\n" + name, StringComparison.Ordinal);
        if (at < 0)
            return null;
        var start = at + 1 + name.Length;
        var end = text.IndexOf('\n', start);
        return (long)double.Parse(text.AsSpan(start, (end < 0 ? text.Length : end) - start), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _http.Dispose();

    private async Task<byte[]> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken ct)
    {
        using var request = NewRequest(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }
        using var response = await _http.SendAsync(request, ct);
        var answer = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new ApiException(method, path, response.StatusCode, Encoding.UTF8.GetString(answer));
        return answer;
    }

    /// <summary>A request message's own version wins over the client's default, so each one is given ours.</summary>
    private HttpRequestMessage NewRequest(HttpMethod method, string path) =>
        new(method, path) { Version = _requestVersion, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    private static bool IsIssuedBy(X509Certificate2? serverCertificate, X509Certificate2Collection roots)
    {
        if (serverCertificate is null)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(serverCertificate);
    }
}
