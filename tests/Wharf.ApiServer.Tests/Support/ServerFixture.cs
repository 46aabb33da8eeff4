using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Hosting;

namespace Wharf.ApiServer.Tests.Support;

/// <summary>
/// One in-process API server on a loopback port for the server tests (starting one per test would cost a PKI and a
/// store each): clients with and without the admin client certificate, both trusting only the cluster CA.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    internal ApiServerHost Host { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ApiServerHost.StartAsync(
            new ApiServerOptions
            {
                DataDirectory = _directory.Path, BindAddress = IPAddress.Loopback, HttpsPort = 0, NodeName = "test-node",
                // Bookmarks every 300 ms so the watch tests see them quickly (only watches that ask get them).
                Watch = new Endpoints.WatchSettings(TimeSpan.FromMinutes(30), TimeSpan.FromMilliseconds(300)),
            },
            _ => { }, CancellationToken.None);
        Admin = CreateClient(Host.Pki.Admin);
        Anonymous = CreateClient(null);
    }

    private HttpClient CreateClient(X509Certificate2? clientCertificate)
    {
        var ca = Host.Pki.Ca;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    if (cert is null) return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(cert));
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = Host.Url, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task<(HttpStatusCode Code, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path,
        byte[]? body = null, string? contentType = null, string? accept = null, Version? version = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (version is not null)
        {
            request.Version = version;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // Left null: the caller asserts on the answer's shape.
        }
        return (response.StatusCode, json, response);
    }

    public Task<(HttpStatusCode Code, JsonNode? Body, HttpResponseMessage Response)> SendJsonAsync(HttpMethod method, string path, string json,
        string contentType = "application/json") => SendAsync(method, path, Encoding.UTF8.GetBytes(json.Replace('\'', '"')), contentType);

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        Anonymous?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        _directory.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "in-process server";
}
