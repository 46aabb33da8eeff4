using System.Net.Security;

namespace Wharf.Network.Ingress.Tls;

/// <summary>A TLS Secret read for serving: a certificate context, or the reason it cannot be used.</summary>
internal sealed record TlsSecret(SslStreamCertificateContext? Context, string? Reason, string? Message)
{
    public const string SecretNotFound = "SecretNotFound";
    public const string InvalidSecret = "InvalidSecret";

    public static TlsSecret Usable(SslStreamCertificateContext context) => new(context, null, null);

    public static TlsSecret Unusable(string reason, string message) => new(null, reason, message);
}
