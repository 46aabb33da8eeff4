using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Authentication;

/// <summary>
/// Bound service-account tokens: ES256 JWTs signed with the cluster's service-account key, with the claims upstream
/// issues (iss, sub, aud, exp, iat, nbf, jti, kubernetes.io{namespace, serviceaccount, pod}), and their validation.
/// </summary>
public sealed class ServiceAccountTokens(ECDsa signingKey, TimeProvider time)
{
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";
    public static readonly string[] DefaultAudiences = [Issuer, "k3s"];

    private readonly string _keyId = Base64Url(SHA256.HashData(signingKey.ExportSubjectPublicKeyInfo()));

    public (string Token, DateTimeOffset Expires) Issue(string ns, string name, string uid, IReadOnlyList<string> audiences, long expirationSeconds,
        JsonObject? boundObject = null)
    {
        var now = time.GetUtcNow();
        var expires = now.AddSeconds(expirationSeconds);
        var kubernetes = new JsonObject
        {
            ["namespace"] = ns,
            ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = uid },
        };
        if (boundObject is not null && boundObject["kind"]?.ToString() is { } kind)
            kubernetes[kind.ToLowerInvariant()] = new JsonObject { ["name"] = boundObject["name"]?.DeepClone(), ["uid"] = boundObject["uid"]?.DeepClone() };
        var payload = new JsonObject
        {
            ["aud"] = new JsonArray(audiences.Select(a => (JsonNode)a).ToArray()),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = kubernetes,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = $"system:serviceaccount:{ns}:{name}",
        };
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = _keyId };
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        var signature = signingKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return ($"{signingInput}.{Base64Url(signature)}", expires);
    }

    /// <summary>The claims of a token this cluster signed and that is still valid; null otherwise.</summary>
    public ServiceAccountClaims? Validate(string token, string? audience = null)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var signature = FromBase64Url(parts[2]);
            if (!signingKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                return null;
            var payload = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
            if (payload is null || payload["iss"]?.ToString() != Issuer) return null;
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            if (payload["exp"]?.GetValue<long>() is not { } exp || exp < now) return null;
            if (payload["nbf"]?.GetValue<long>() is { } nbf && nbf > now + 60) return null;
            var audiences = (payload["aud"] as JsonArray)?.Select(a => a?.ToString() ?? "").ToList() ?? [];
            if (audience is not null && !audiences.Contains(audience)) return null;
            var k8s = payload["kubernetes.io"] as JsonObject;
            var ns = k8s?["namespace"]?.ToString();
            var sa = k8s?["serviceaccount"] as JsonObject;
            if (ns is null || sa?["name"]?.ToString() is not { } name) return null;
            return new ServiceAccountClaims(ns, name, sa["uid"]?.ToString() ?? "", audiences);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or CryptographicException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}

public sealed record ServiceAccountClaims(string Namespace, string Name, string Uid, IReadOnlyList<string> Audiences)
{
    public UserInfo ToUser() => new($"system:serviceaccount:{Namespace}:{Name}",
        ["system:serviceaccounts", $"system:serviceaccounts:{Namespace}", "system:authenticated"], Uid);
}
