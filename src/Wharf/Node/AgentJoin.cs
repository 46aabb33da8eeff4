using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Wharf.NodeJoin;

namespace Wharf.Node;

/// <summary>
/// How a standalone agent joins, k3s-style: download the CA from <c>/cacerts</c> and check it against the hash in the
/// join token, then obtain the node's client certificate (kept under <c>DATA/agent/pki</c>) with the token. After
/// that the agent talks to the API with its certificate; the token is used only for node certificates.
/// </summary>
internal sealed class AgentJoin : IDisposable
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromHours(1);
    private readonly NodeJoinClient _client;
    private DateTimeOffset? _servingRenewalDueAt;

    private AgentJoin(X509Certificate2 ca, X509Certificate2 clientCertificate, NodeJoinClient client, NodeCertificateStore certificates)
    {
        Ca = ca;
        ClientCertificate = clientCertificate;
        _client = client;
        Certificates = certificates;
    }

    public X509Certificate2 Ca { get; }

    /// <summary>CN=system:node:NAME, O=system:nodes, with its private key.</summary>
    public X509Certificate2 ClientCertificate { get; }

    public NodeCertificateStore Certificates { get; }

    /// <exception cref="HttpRequestException">The server is unreachable or refused the token or node name.</exception>
    /// <exception cref="InvalidOperationException">The server's CA does not match the token.</exception>
    public static async Task<AgentJoin> JoinAsync(Uri server, string joinToken, string nodeName, string agentDirectory, ILogger log, CancellationToken ct)
    {
        var ca = await FetchTrustedCaAsync(server, JoinToken.Parse(joinToken), log, ct);
        var client = new NodeJoinClient(server, ca, joinToken);
        try
        {
            var certificates = new NodeCertificateStore(Path.Combine(agentDirectory, "pki"), ca, client);
            var clientCertificate = await certificates.ClientAsync(nodeName, ct);
            log.LogInformation("Node client certificate {Subject} valid until {NotAfter:u}", clientCertificate.Subject, clientCertificate.NotAfter.ToUniversalTime());
            return new AgentJoin(ca, clientCertificate, client, certificates);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The kubelet serving certificate, for <c>NodeAgentOptions.IssueServingCertificate</c>. That hook is synchronous
    /// and called once at start, so waiting here costs one request (none while the certificate on disk still fits).
    /// </summary>
    public X509Certificate2 IssueServing(string nodeName, IReadOnlyList<IPAddress> addresses)
    {
        var serving = Certificates.ServingAsync(nodeName, addresses, CancellationToken.None).GetAwaiter().GetResult();
        _servingRenewalDueAt = NodeCertificatePolicy.RenewalDueAt(serving);
        return serving;
    }

    /// <summary>
    /// Completes when the client certificate, or the serving certificate once issued, has a third of its lifetime
    /// left: the certificates are fixed in the agent's connections, so the caller restarts the agent on a new join.
    /// </summary>
    public async Task WaitUntilRenewalDueAsync(TimeProvider time, CancellationToken ct)
    {
        var clientDueAt = NodeCertificatePolicy.RenewalDueAt(ClientCertificate);
        // A server whose clock is far off could hand out certificates that are due at once; restart at most hourly then.
        var earliest = time.GetUtcNow() + RecheckInterval;
        while (true)
        {
            var dueAt = _servingRenewalDueAt is { } serving && serving < clientDueAt ? serving : clientDueAt;
            if (dueAt < earliest) dueAt = earliest;
            var wait = dueAt - time.GetUtcNow();
            if (wait <= TimeSpan.Zero) return;
            // Re-checked at least hourly: the serving certificate arrives after this starts, and long timers are capped.
            await Task.Delay(wait < RecheckInterval ? wait : RecheckInterval, time, ct);
        }
    }

    private static async Task<X509Certificate2> FetchTrustedCaAsync(Uri server, JoinToken token, ILogger log, CancellationToken ct)
    {
        // The CA is not known yet, so this one request cannot verify the server; the token's hash verifies the answer.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler);
        var pem = await http.GetStringAsync(new Uri(server, "/cacerts"), ct);
        if (token.CaHash is null)
            log.LogWarning("the join token has no CA hash (K10… form); trusting the CA the server presented");
        else if (!string.Equals(JoinToken.CaHashOf(pem), token.CaHash, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("the server's CA does not match the hash in the join token");
        return X509Certificate2.CreateFromPem(pem);
    }

    public void Dispose()
    {
        _client.Dispose();
        ClientCertificate.Dispose();
    }
}
