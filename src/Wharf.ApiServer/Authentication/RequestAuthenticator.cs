using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Wharf.NodeJoin;

namespace Wharf.ApiServer.Authentication;

/// <summary>
/// Authenticates a request from its client certificate (issued by the cluster CA: CN = user, O = groups — a node
/// agent's is system:node:NAME in system:nodes) or its bearer token (the join token, for agents, or a
/// service-account token this cluster signed). A request that came in on the loopback Unix socket is the server's
/// own in-process components: upstream's loopback identity, trusted because only the server's user can open the
/// socket. Anything else is anonymous, which the server refuses with 401.
/// </summary>
public sealed class RequestAuthenticator(X509Certificate2 clusterCa, string? joinToken, ServiceAccountTokens serviceAccountTokens, TimeProvider? time = null,
    LoopbackConnections? loopback = null)
{
    /// <summary>Who the in-process components are on the loopback socket (kube-apiserver's loopback client user).</summary>
    public static readonly UserInfo Loopback = new("system:apiserver", ["system:masters", "system:authenticated"]);

    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly JoinToken? _joinToken = joinToken is { Length: > 0 } ? JoinToken.Parse(joinToken) : null;
    private readonly ConcurrentDictionary<string, UserInfo?> _verifiedCertificates = new();

    /// <summary>
    /// The verdict by certificate object as well: a connection presents the same object on every request, and its
    /// thumbprint (the key above) is a new string each time it is asked for.
    /// </summary>
    private readonly ConditionalWeakTable<X509Certificate2, Verdict> _byInstance = new();

    private sealed record Verdict(UserInfo? User);

    public UserInfo Authenticate(HttpContext context)
    {
        if (loopback is not null && loopback.Contains(context))
            return Loopback;
        var cert = context.Connection.ClientCertificate;
        if (cert is not null && FromCertificate(cert) is { } certUser)
            return certUser;
        if (PresentsJoinToken(context))
            return new UserInfo("wharf:agent-bootstrap", ["system:bootstrappers", "system:authenticated"]);
        if (BearerToken(context) is { } bearer && serviceAccountTokens.Validate(bearer) is { } claims)
            return claims.ToUser();
        return UserInfo.Anonymous;
    }

    /// <summary>Whether the request carries this server's join token as its bearer token (what node-join endpoints accept, and nothing else).</summary>
    public bool PresentsJoinToken(HttpContext context) =>
        _joinToken is not null && BearerToken(context) is { } bearer && _joinToken.Matches(bearer);

    private static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    /// <summary>
    /// The user of a certificate this cluster's CA issued for client authentication, or null. The chain is verified
    /// once per certificate, but validity dates on every request: a cached certificate must still stop at its NotAfter.
    /// </summary>
    internal UserInfo? FromCertificate(X509Certificate2 cert)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (now < cert.NotBefore.ToUniversalTime() || now > cert.NotAfter.ToUniversalTime()) return null;
        if (_byInstance.TryGetValue(cert, out var known)) return known.User;
        var user = _verifiedCertificates.GetOrAdd(cert.Thumbprint, _ => Verify(cert, now));
        _byInstance.AddOrUpdate(cert, new Verdict(user));
        return user;
    }

    private UserInfo? Verify(X509Certificate2 cert, DateTime now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(clusterCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuth);
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
