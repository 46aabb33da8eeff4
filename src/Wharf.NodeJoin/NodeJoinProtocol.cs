namespace Wharf.NodeJoin;

/// <summary>
/// The wire contract between a joining agent and the server (modelled on k3s' /v1-k3s/client-kubelet.crt): the agent
/// POSTs a PEM certificate signing request with the join token as bearer and its node name (and, for the serving
/// certificate, its IPs) in headers; the answer is the signed certificate followed by the CA, in PEM. The server takes
/// only the public key from the request: subject, names and usages are its own choice.
/// </summary>
public static class NodeJoinProtocol
{
    public const string PathPrefix = "/v1-wharf";
    public const string ClientCertificatePath = PathPrefix + "/client-kubelet.crt";
    public const string ServingCertificatePath = PathPrefix + "/serving-kubelet.crt";
    public const string NodeNameHeader = "Wharf-Node-Name";

    /// <summary>Comma-separated IP addresses the kubelet serving certificate must name.</summary>
    public const string NodeIpHeader = "Wharf-Node-IP";

    public const string CsrContentType = "application/pkcs10";
    public const string CertificateContentType = "application/x-pem-file";

    /// <summary>A PEM CSR is well under 2 KiB; anything much larger is not one.</summary>
    public const int MaxRequestBytes = 64 * 1024;
}
