using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.NodeJoin;
using Wharf.ApiServer.Tests.Support;
using Wharf.NodeJoin;

namespace Wharf.ApiServer.Tests.NodeJoin;

/// <summary>The server's node-join endpoints over HTTPS: only the join token gets a certificate, and only for a valid node name.</summary>
public sealed class NodeJoinEndpointTests(NodeJoinServerFixture fixture) : IClassFixture<NodeJoinServerFixture>, IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Theory]
    [InlineData("client, no credentials", NodeJoinProtocol.ClientCertificatePath, null)]
    [InlineData("client, wrong token", NodeJoinProtocol.ClientCertificatePath, "K10abc::server:not-the-secret")]
    [InlineData("serving, no credentials", NodeJoinProtocol.ServingCertificatePath, null)]
    [InlineData("serving, wrong token", NodeJoinProtocol.ServingCertificatePath, "not-the-secret")]
    public async Task Without_the_join_token_the_answer_is_401(string name, string path, string? token)
    {
        _ = name;
        using var http = fixture.Client();

        using var response = await http.SendAsync(Request(path, "worker-1", token, Csr()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_client_certificate_alone_does_not_buy_a_node_certificate()
    {
        using var http = fixture.Client(fixture.Host.Pki.Admin);

        using var response = await http.SendAsync(Request(NodeJoinProtocol.ClientCertificatePath, "worker-1", null, Csr()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("upper case", "Worker-1")]
    [InlineData("underscore", "worker_1")]
    [InlineData("leading dash", "-worker")]
    [InlineData("empty label", "a..b")]
    [InlineData("a user name", "system:node:x")]
    public async Task A_node_name_that_is_not_a_dns_subdomain_is_refused(string name, string node)
    {
        _ = name;
        using var http = fixture.Client();

        using var response = await http.SendAsync(Request(NodeJoinProtocol.ClientCertificatePath, node, NodeJoinServerFixture.Secret, Csr()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid node name", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("not a CSR", NodeJoinProtocol.ClientCertificatePath, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "10.0.0.1")]
    [InlineData("empty body", NodeJoinProtocol.ClientCertificatePath, "", "10.0.0.1")]
    [InlineData("serving without IPs", NodeJoinProtocol.ServingCertificatePath, null, "")]
    [InlineData("serving with a bad IP", NodeJoinProtocol.ServingCertificatePath, null, "10.0.0.300")]
    public async Task A_malformed_request_is_refused_with_400(string name, string path, string? body, string ips)
    {
        _ = name;
        using var http = fixture.Client();
        using var request = Request(path, "worker-1", NodeJoinServerFixture.Secret, body ?? Csr());
        if (ips.Length > 0) request.Headers.Add(NodeJoinProtocol.NodeIpHeader, ips);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task With_the_token_a_csr_gets_a_node_client_certificate_for_its_key_then_the_ca()
    {
        using var http = fixture.Client();

        using var response = await http.SendAsync(Request(NodeJoinProtocol.ClientCertificatePath, "worker-1", fixture.FullToken, Csr()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pem = await response.Content.ReadAsStringAsync();
        using var cert = X509Certificate2.CreateFromPem(pem);
        Assert.Equal("system:node:worker-1", cert.GetNameInfo(X509NameType.SimpleName, false));
        Assert.True(NodeCertificatePolicy.IsClientFor(cert, "worker-1"));
        Assert.Equal(_key.ExportSubjectPublicKeyInfo(), cert.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.EndsWith(fixture.Host.Pki.Ca.ExportCertificatePem().Trim(), pem.Trim());
    }

    [Fact]
    public async Task With_the_token_a_csr_gets_a_serving_certificate_for_the_node_and_its_ips()
    {
        using var http = fixture.Client();
        using var request = Request(NodeJoinProtocol.ServingCertificatePath, "worker-1", NodeJoinServerFixture.Secret, Csr());
        request.Headers.Add(NodeJoinProtocol.NodeIpHeader, "127.0.0.1, 10.1.2.3");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var cert = X509Certificate2.CreateFromPem(await response.Content.ReadAsStringAsync());
        Assert.True(NodeCertificatePolicy.IsServingFor(cert, "worker-1", [IPAddress.Loopback, IPAddress.Parse("10.1.2.3")]));
        Assert.True(NodeCertificatePolicy.IsIssuedBy(cert, fixture.Host.Pki.Ca));
    }

    [Fact]
    public async Task A_get_is_not_allowed()
    {
        using var http = fixture.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, NodeJoinProtocol.ClientCertificatePath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NodeJoinServerFixture.Secret);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task An_agent_that_joined_is_system_node_name_to_the_api()
    {
        using var join = new NodeJoinClient(fixture.Host.Url, fixture.Host.Pki.Ca, fixture.FullToken);
        using var agentDirectory = new TempDirectory();
        var store = new NodeCertificateStore(Path.Combine(agentDirectory.Path, "pki"), fixture.Host.Pki.Ca, join);
        using var clientCertificate = await store.ClientAsync("joined-1", CancellationToken.None);
        using var http = fixture.Client(clientCertificate);

        using var response = await http.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews",
            new StringContent("""{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!["userInfo"]!;
        Assert.Equal("system:node:joined-1", user["username"]!.GetValue<string>());
        Assert.Equal(["system:nodes", "system:authenticated"], user["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
    }

    [Fact]
    public async Task The_join_client_reports_a_refusal_with_the_servers_reason()
    {
        using var join = new NodeJoinClient(fixture.Host.Url, fixture.Host.Pki.Ca, "K10abc::server:wrong");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => join.IssueClientAsync("worker-1", Csr(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    private string Csr() =>
        new CertificateRequest("CN=ignored", _key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    private static HttpRequestMessage Request(string path, string node, string? token, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.ASCII, NodeJoinProtocol.CsrContentType) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add(NodeJoinProtocol.NodeNameHeader, node);
        return request;
    }

    public void Dispose() => _key.Dispose();
}
