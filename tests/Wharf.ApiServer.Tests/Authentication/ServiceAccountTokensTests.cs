using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Authentication;

namespace Wharf.ApiServer.Tests.Authentication;

/// <summary>Bound service-account JWTs: issue, validate, expiry, signing key and audience.</summary>
public sealed class ServiceAccountTokensTests
{
    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static JsonObject Part(string token, int index)
    {
        var part = token.Split('.')[index].Replace('-', '+').Replace('_', '/');
        return JsonNode.Parse(Convert.FromBase64String(part.PadRight((part.Length + 3) / 4 * 4, '=')))!.AsObject();
    }

    [Fact]
    public void Issue_ThenValidate_ReturnsClaims()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2025-01-01T00:00:00Z"));
        var tokens = new ServiceAccountTokens(Key, time);
        var (token, expires) = tokens.Issue("default", "builder", "uid-1", ServiceAccountTokens.DefaultAudiences, 3600);

        var claims = tokens.Validate(token);
        Assert.NotNull(claims);
        Assert.Equal(("default", "builder", "uid-1"), (claims.Namespace, claims.Name, claims.Uid));
        Assert.Equal(time.Now.AddSeconds(3600), expires);
        Assert.Equal("system:serviceaccount:default:builder", claims.ToUser().Name);
    }

    [Fact]
    public void Issue_HasUpstreamClaimsAndEs256Header()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2025-01-01T00:00:00Z"));
        var (token, _) = new ServiceAccountTokens(Key, time).Issue("ns", "sa", "u", ["api"], 600,
            new JsonObject { ["kind"] = "Pod", ["name"] = "p", ["uid"] = "pu" });
        var header = Part(token, 0);
        var payload = Part(token, 1);
        Assert.Equal("ES256", (string)header["alg"]!);
        Assert.False(string.IsNullOrEmpty((string?)header["kid"]));
        Assert.Equal("system:serviceaccount:ns:sa", (string)payload["sub"]!);
        Assert.Equal(ServiceAccountTokens.Issuer, (string)payload["iss"]!);
        Assert.Equal(time.Now.ToUnixTimeSeconds() + 600, (long)payload["exp"]!);
        Assert.Equal(time.Now.ToUnixTimeSeconds(), (long)payload["iat"]!);
        Assert.Equal("p", (string)payload["kubernetes.io"]!["pod"]!["name"]!);
        Assert.Equal("u", (string)payload["kubernetes.io"]!["serviceaccount"]!["uid"]!);
    }

    [Fact]
    public void Validate_AfterExpiry_IsNull()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2025-01-01T00:00:00Z"));
        var tokens = new ServiceAccountTokens(Key, time);
        var (token, _) = tokens.Issue("default", "sa", "u", ServiceAccountTokens.DefaultAudiences, 600);
        time.Now = time.Now.AddSeconds(601);
        Assert.Null(tokens.Validate(token));
    }

    [Fact]
    public void Validate_SignedByOtherKey_IsNull()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var (token, _) = new ServiceAccountTokens(ECDsa.Create(ECCurve.NamedCurves.nistP256), time).Issue("default", "sa", "u", ServiceAccountTokens.DefaultAudiences, 600);
        Assert.Null(new ServiceAccountTokens(Key, time).Validate(token));
    }

    [Theory]
    [InlineData("https://kubernetes.default.svc.cluster.local", true)]
    [InlineData("vault", false)]
    public void Validate_Audience_MustBeAmongTheTokens(string audience, bool valid)
    {
        var tokens = new ServiceAccountTokens(Key, TimeProvider.System);
        var (token, _) = tokens.Issue("default", "sa", "u", ServiceAccountTokens.DefaultAudiences, 600);
        Assert.Equal(valid, tokens.Validate(token, audience) is not null);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("two parts", "a.b")]
    [InlineData("garbage", "a.b.c")]
    [InlineData("bad base64", "%%.%%.%%")]
    public void Validate_Malformed_IsNull(string name, string token)
    {
        _ = name;
        Assert.Null(new ServiceAccountTokens(Key, TimeProvider.System).Validate(token));
    }

    [Fact]
    public void Validate_TamperedPayload_IsNull()
    {
        var tokens = new ServiceAccountTokens(Key, TimeProvider.System);
        var (token, _) = tokens.Issue("default", "sa", "u", ServiceAccountTokens.DefaultAudiences, 600);
        var parts = token.Split('.');
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(Part(token, 1).ToJsonString().Replace("\"sa\"", "\"admin\""))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Null(tokens.Validate($"{parts[0]}.{forged}.{parts[2]}"));
    }
}
