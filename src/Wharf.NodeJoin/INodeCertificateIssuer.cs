using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.NodeJoin;

/// <summary>Where an agent gets its certificates signed: the server's join endpoints (<see cref="NodeJoinClient"/>).</summary>
public interface INodeCertificateIssuer
{
    /// <summary>A client certificate for the node, for the key of <paramref name="csrPem"/>; without private key.</summary>
    Task<X509Certificate2> IssueClientAsync(string nodeName, string csrPem, CancellationToken ct);

    /// <summary>A kubelet serving certificate for the node's name and addresses, for the key of <paramref name="csrPem"/>.</summary>
    Task<X509Certificate2> IssueServingAsync(string nodeName, IReadOnlyList<IPAddress> addresses, string csrPem, CancellationToken ct);
}
