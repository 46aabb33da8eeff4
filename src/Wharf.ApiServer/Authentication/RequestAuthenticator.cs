using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Wharf.ApiServer.Authentication;

/// <summary>
/// Authenticates a request from its client certificate (issued by the cluster CA: CN = user, O = groups) or its
/// bearer token (the join token, for agents, or a service-account token this cluster signed). Anything else is anonymous, which the server refuses with 401.
/// </summary>
public sealed class RequestAuthenticator(X509Certificate2 clusterCa, string? joinToken, ServiceAccountTokens serviceAccountTokens)
{
    private readonly ConcurrentDictionary<string, UserInfo?> _verifiedCertificates = new();

    public UserInfo Authenticate(HttpContext context)
    {
        var cert = context.Connection.ClientCertificate;
        if (cert is not null && FromCertificate(cert) is { } certUser)
            return certUser;
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && joinToken is { Length: > 0 })
        {
            var token = header["Bearer ".Length..].Trim();
            if (JoinToken.Parse(joinToken).Matches(token))
                return new UserInfo("wharf:agent-bootstrap", ["system:bootstrappers", "system:authenticated"]);
        }
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && serviceAccountTokens.Validate(header["Bearer ".Length..].Trim()) is { } claims)
            return claims.ToUser();
        return UserInfo.Anonymous;
    }

    private UserInfo? FromCertificate(X509Certificate2 cert) =>
        _verifiedCertificates.GetOrAdd(cert.Thumbprint, _ => Verify(cert));

    private UserInfo? Verify(X509Certificate2 cert)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(clusterCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        if (!chain.Build(cert)) return null;
        var name = cert.GetNameInfo(X509NameType.SimpleName, false);
        var groups = cert.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == "2.5.4.10")
            .Select(r => r.GetSingleElementValue() ?? "")
            .Where(g => g.Length > 0)
            .Append("system:authenticated")
            .ToList();
        return new UserInfo(name, groups);
    }
}
