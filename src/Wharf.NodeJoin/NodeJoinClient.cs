using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Wharf.NodeJoin;

/// <summary>
/// The agent's side of <see cref="NodeJoinProtocol"/>: sends CSRs with the join token to a server whose certificate
/// must chain to the cluster CA (already checked against the token's hash) and name the host the agent dialled.
/// </summary>
public sealed class NodeJoinClient : INodeCertificateIssuer, IDisposable
{
    private readonly HttpClient _http;
    private readonly X509Certificate2 _ca;
    private readonly string _joinToken;

    public NodeJoinClient(Uri server, X509Certificate2 ca, string joinToken)
    {
        _ca = ca;
        _joinToken = joinToken;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, errors) => TrustedServer(cert, errors) },
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        _http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Task<X509Certificate2> IssueClientAsync(string nodeName, string csrPem, CancellationToken ct) =>
        PostAsync(NodeJoinProtocol.ClientCertificatePath, nodeName, null, csrPem, ct);

    public Task<X509Certificate2> IssueServingAsync(string nodeName, IReadOnlyList<IPAddress> addresses, string csrPem, CancellationToken ct) =>
        PostAsync(NodeJoinProtocol.ServingCertificatePath, nodeName, addresses, csrPem, ct);

    private async Task<X509Certificate2> PostAsync(string path, string nodeName, IReadOnlyList<IPAddress>? addresses, string csrPem, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _joinToken);
        request.Headers.Add(NodeJoinProtocol.NodeNameHeader, nodeName);
        if (addresses is not null)
            request.Headers.Add(NodeJoinProtocol.NodeIpHeader, string.Join(',', addresses));
        request.Content = new StringContent(csrPem, Encoding.ASCII, NodeJoinProtocol.CsrContentType);
        using var response = await _http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{path}: {(int)response.StatusCode} {response.ReasonPhrase}: {body.Trim()}", null, response.StatusCode);
        // The answer is the leaf followed by the CA; the first PEM block is ours.
        var issued = X509Certificate2.CreateFromPem(body);
        if (!NodeCertificatePolicy.IsIssuedBy(issued, _ca))
        {
            issued.Dispose();
            throw new InvalidOperationException($"{path}: the server answered with a certificate the cluster CA did not issue");
        }
        return issued;
    }

    private bool TrustedServer(X509Certificate? serverCert, SslPolicyErrors errors)
    {
        if (serverCert is null) return false;
        // A wrong host name is never forgiven; only the chain is re-checked, against the cluster CA.
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var leaf = new X509Certificate2(serverCert);
        return NodeCertificatePolicy.IsIssuedBy(leaf, _ca);
    }

    public void Dispose() => _http.Dispose();
}
