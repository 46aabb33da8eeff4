using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Network;

/// <summary>
/// The built-in ingress controller as a user meets it: an Ingress of the default class <c>wharf</c> routes by host
/// and path to a service's pods, answers 404 where no rule matches, redirects a TLS host to HTTPS and serves it with
/// the certificate of its Secret (requests go to 127.0.0.1 with the Host/SNI of the rule, like curl --resolve).
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class IngressTests(NodeServerFixture fixture)
{
    private static int HttpPort => WharfServerOptions.WithNodeAgent.IngressHttpPort;
    private static int HttpsPort => WharfServerOptions.WithNodeAgent.IngressHttpsPort;

    [Fact]
    public async Task Host_and_path_rules_tls_and_redirect_reach_the_service_pods()
    {
        var ns = await fixture.CreateNamespaceAsync("ingress");
        using var kubectl = fixture.Kubectl();
        await WebBackends.DeployAsync(kubectl, ns, "web", replicas: 2);
        (await kubectl.RunAsync("expose", "deployment", "web", "-n", ns, "--port=80", "--target-port=8080")).EnsureSuccess();
        await WebBackends.WaitForEndpointsAsync(kubectl, ns, "web", 2);
        var pods = await WebBackends.PodNamesAsync(kubectl, ns, "web");
        var (certPath, keyPath) = WriteSelfSigned(kubectl, "secure.example.test");
        (await kubectl.RunAsync("create", "secret", "tls", "web-tls", "-n", ns, $"--cert={certPath}", $"--key={keyPath}")).EnsureSuccess();
        var manifest = $$$"""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web, namespace: {{{ns}}}}
            spec:
              tls: [{hosts: [secure.example.test], secretName: web-tls}]
              rules:
              - host: plain.example.test
                http:
                  paths:
                  - path: /index.html
                    pathType: Exact
                    backend:
                      service:
                        name: web
                        port: {number: 80}
              - host: secure.example.test
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: web
                        port: {number: 80}
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = manifest }, CancellationToken.None)).EnsureSuccess();
        string? servedSubject = null;
        using var http = LoopbackClient(cert => servedSubject = cert.Subject);

        var plain = new HashSet<string>();
        await Poll.UntilAsync(async () =>
        {
            using var response = await TrySendAsync(http, $"http://plain.example.test:{HttpPort}/index.html");
            if (response?.StatusCode == HttpStatusCode.OK) plain.Add((await response.Content.ReadAsStringAsync()).Trim());
            return plain.Count == pods.Count;
        }, TimeSpan.FromSeconds(20), "both pods answer through the ingress");
        using var unmatched = await http.GetAsync($"http://plain.example.test:{HttpPort}/other");
        using var redirect = await http.GetAsync($"http://secure.example.test:{HttpPort}/index.html");
        using var secure = await http.GetAsync($"https://secure.example.test:{HttpsPort}/index.html");
        var secureBody = (await secure.Content.ReadAsStringAsync()).Trim();
        string address = "";
        await Poll.UntilAsync(async () =>
        {
            address = KubectlTable.Parse((await kubectl.RunAsync("get", "ingress", "web", "-n", ns)).EnsureSuccess().StdOut).Row("web")["ADDRESS"];
            return address.Length > 0;
        }, TimeSpan.FromSeconds(15), "the ingress reports its address");
        var row = KubectlTable.Parse((await kubectl.RunAsync("get", "ingress", "web", "-n", ns)).EnsureSuccess().StdOut).Row("web");
        var metrics = (await kubectl.RunAsync("get", "--raw", "/metrics")).EnsureSuccess().StdOut;

        Assert.Equal(pods, plain);
        Assert.Equal(HttpStatusCode.NotFound, unmatched.StatusCode);
        Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
        Assert.StartsWith("https://secure.example.test", redirect.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Contains(secureBody, pods);
        Assert.Equal("CN=secure.example.test", servedSubject);
        Assert.Equal("wharf", row["CLASS"]);
        Assert.True(IPAddress.TryParse(address, out _), address);
        Assert.Equal("80, 443", row["PORTS"]);
        // The ingress counts into the API server's /metrics, by ingress, service and status.
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("nginx_ingress_controller_requests{", StringComparison.Ordinal)
            && line.Contains($"namespace=\"{ns}\"", StringComparison.Ordinal) && line.Contains("ingress=\"web\"", StringComparison.Ordinal)
            && line.Contains("status=\"200\"", StringComparison.Ordinal) && !line.EndsWith(" 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExternalName_backend_is_proxied_to_the_name_on_the_ingress_port()
    {
        var ns = await fixture.CreateNamespaceAsync("ingress-ext");
        using var kubectl = fixture.Kubectl();
        await WebBackends.DeployAsync(kubectl, ns, "web", replicas: 1);
        var pods = await WebBackends.PodNamesAsync(kubectl, ns, "web");
        var podIp = (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=web", "-o", "jsonpath={.items[0].status.podIP}")).EnsureSuccess().StdOut.Trim();
        // An address is a valid external name, and the host resolver hands it back as is: no DNS record needed.
        (await kubectl.RunAsync("create", "service", "externalname", "outside", "-n", ns, $"--external-name={podIp}")).EnsureSuccess();
        var manifest = $$$"""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: outside, namespace: {{{ns}}}}
            spec:
              rules:
              - host: outside.example.test
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: outside
                        port: {number: 8080}
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = manifest }, CancellationToken.None)).EnsureSuccess();
        using var http = LoopbackClient(_ => { });

        string? body = null;
        await Poll.UntilAsync(async () =>
        {
            using var response = await TrySendAsync(http, $"http://outside.example.test:{HttpPort}/index.html");
            if (response?.StatusCode == HttpStatusCode.OK) body = (await response.Content.ReadAsStringAsync()).Trim();
            return body is not null;
        }, TimeSpan.FromSeconds(20), "the external name answers through the ingress");

        Assert.Contains(body, pods);
    }

    /// <summary>Every connection goes to 127.0.0.1 whatever the URL's host (curl's --resolve), keeping Host and SNI.</summary>
    private static HttpClient LoopbackClient(Action<X509Certificate2> onServerCertificate) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is not null) onServerCertificate(new X509Certificate2(certificate));
                    return true;
                },
            },
        }) { Timeout = TimeSpan.FromSeconds(10) };

    private static async Task<HttpResponseMessage?> TrySendAsync(HttpClient http, string url)
    {
        try
        {
            return await http.GetAsync(url);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static (string Cert, string Key) WriteSelfSigned(Kubectl kubectl, string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (kubectl.WriteFile("tls.crt", certificate.ExportCertificatePem()), kubectl.WriteFile("tls.key", key.ExportPkcs8PrivateKeyPem()));
    }
}
