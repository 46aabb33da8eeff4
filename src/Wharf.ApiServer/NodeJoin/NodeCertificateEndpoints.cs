using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wharf.ApiServer.Authentication;
using Wharf.ApiServer.Endpoints;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Pki;
using Wharf.ApiServer.Registry.Validation;
using Wharf.NodeJoin;

namespace Wharf.ApiServer.NodeJoin;

/// <summary>
/// Issues joining agents their node credentials: a client certificate (system:node:NAME in system:nodes) and a
/// kubelet serving certificate for the node's name and IPs, each for the public key of the CSR the agent sends, so
/// private keys never leave the node. Only the join token authenticates here: a node must not be able to mint a
/// certificate for another node with its own client certificate.
/// </summary>
public sealed partial class NodeCertificateEndpoints(ClusterPki pki, RequestAuthenticator authenticator, ILogger<NodeCertificateEndpoints> logger)
{
    public async Task ServeAsync(HttpContext context)
    {
        try
        {
            var path = (context.Request.PathBase + context.Request.Path).Value;
            if (!authenticator.PresentsJoinToken(context))
                throw StatusErrors.Unauthorized();
            var serving = path switch
            {
                NodeJoinProtocol.ClientCertificatePath => false,
                NodeJoinProtocol.ServingCertificatePath => true,
                _ => throw StatusErrors.ResourceNotFound(path ?? "/"),
            };
            if (!HttpMethods.IsPost(context.Request.Method))
                throw new StatusException(405, "MethodNotAllowed", $"{context.Request.Method} is not supported; POST a certificate signing request");
            var nodeName = NodeName(context.Request);
            var publicKey = (await ReadCsrAsync(context.Request, context.RequestAborted)).PublicKey;
            X509Certificate2 issued;
            if (serving)
            {
                var addresses = Addresses(context.Request);
                issued = pki.IssueNodeServing(nodeName, addresses, publicKey);
                LogIssued(logger, "serving", nodeName, issued.NotAfter);
            }
            else
            {
                issued = pki.IssueNodeClient(nodeName, publicKey);
                LogIssued(logger, "client", nodeName, issued.NotAfter);
            }
            using (issued)
            {
                context.Response.StatusCode = 200;
                context.Response.ContentType = NodeJoinProtocol.CertificateContentType;
                await context.Response.WriteAsync(issued.ExportCertificatePem() + "\n" + pki.Ca.ExportCertificatePem() + "\n", context.RequestAborted);
            }
        }
        catch (StatusException e)
        {
            if (!context.Response.HasStarted)
                await HttpResponses.WriteStatusAsync(context, e);
        }
    }

    private static string NodeName(HttpRequest request)
    {
        var name = request.Headers[NodeJoinProtocol.NodeNameHeader].ToString();
        if (name.Length == 0)
            throw StatusErrors.BadRequest($"the {NodeJoinProtocol.NodeNameHeader} header is required");
        var problems = NameRules.IsDns1123Subdomain(name).ToList();
        if (problems.Count > 0)
            throw StatusErrors.BadRequest($"invalid node name \"{name}\": {string.Join("; ", problems)}");
        return name;
    }

    private static IReadOnlyList<IPAddress> Addresses(HttpRequest request)
    {
        var addresses = new List<IPAddress>();
        foreach (var text in request.Headers[NodeJoinProtocol.NodeIpHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPAddress.TryParse(text, out var ip))
                throw StatusErrors.BadRequest($"invalid IP address \"{text}\" in {NodeJoinProtocol.NodeIpHeader}");
            addresses.Add(ip);
        }
        if (addresses.Count == 0)
            throw StatusErrors.BadRequest($"the {NodeJoinProtocol.NodeIpHeader} header must name the node's IP addresses");
        return addresses;
    }

    /// <summary>The CSR in the body; its self-signature proves the agent holds the private key of what we certify.</summary>
    private static async Task<CertificateRequest> ReadCsrAsync(HttpRequest request, CancellationToken ct)
    {
        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            body.Write(buffer, 0, read);
            if (body.Length > NodeJoinProtocol.MaxRequestBytes)
                throw StatusErrors.RequestEntityTooLarge("the certificate signing request is too large");
        }
        CertificateRequest csr;
        try
        {
            csr = CertificateRequest.LoadSigningRequestPem(Encoding.ASCII.GetString(body.ToArray()), HashAlgorithmName.SHA256);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw StatusErrors.BadRequest($"the body is not a valid PEM certificate signing request: {e.Message}");
        }
        if (!AcceptableKey(csr.PublicKey))
            throw StatusErrors.BadRequest("the certificate signing request must carry an ECDSA (P-256 or stronger) or RSA (2048 bits or more) key");
        return csr;
    }

    private static bool AcceptableKey(PublicKey key)
    {
        using var ec = key.GetECDsaPublicKey();
        if (ec is not null) return ec.KeySize >= 256;
        using var rsa = key.GetRSAPublicKey();
        return rsa is not null && rsa.KeySize >= 2048;
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Issued a node {Kind} certificate for {Node}, valid until {NotAfter:u}")]
    private static partial void LogIssued(ILogger logger, string kind, string node, DateTime notAfter);
}
