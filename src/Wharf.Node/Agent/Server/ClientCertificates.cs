using System.Security.Cryptography.X509Certificates;

namespace Wharf.Node.Agent.Server;

/// <summary>Checks that a client certificate chains to the one CA the kubelet API trusts (and only that CA).</summary>
internal static class ClientCertificates
{
    public static bool IssuedBy(X509Certificate? presented, X509Certificate2 ca)
    {
        if (presented is null) return false;
        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }
}
