using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// Plain HTTP against the API server with the kubeconfig's client certificate, for requests no client library
/// would send (malformed bodies, wrong kinds, oversized bodies) and for reading exact Status answers.
/// </summary>
public sealed class RawApi : IDisposable
{
    private readonly HttpClient _http;

    private RawApi(HttpClient http)
    {
        _http = http;
    }

    public static RawApi FromKubeconfig(string kubeconfigPath)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        var certificate = X509Certificate2.CreateFromPem(
            Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateData)),
            Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateKeyData)));
        var roots = config.SslCaCerts ?? throw new InvalidOperationException("kubeconfig has no certificate-authority-data");
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, serverCertificate, _, _) => IsIssuedBy(serverCertificate, roots),
        };
        // PKCS#12 round trip: TLS on Linux wants a certificate whose key is not an ephemeral PEM import.
        handler.ClientCertificates.Add(X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null));
        return new RawApi(new HttpClient(handler) { BaseAddress = new Uri(config.Host), Timeout = TimeSpan.FromSeconds(30) });
    }

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken ct) => _http.GetAsync(path, ct);

    /// <summary>Sends <paramref name="body"/> with the given Content-Type (none when null) and reads the answer.</summary>
    public async Task<RawResponse> SendAsync(HttpMethod method, string path, string? body, string? contentType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await _http.SendAsync(request, ct);
        return new RawResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public void Dispose() => _http.Dispose();

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
