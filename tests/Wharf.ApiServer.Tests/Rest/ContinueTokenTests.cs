using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Rest;

namespace Wharf.ApiServer.Tests.Rest;

/// <summary>The continue token's wire form: unpadded base64url JSON {"v":"meta.k8s.io/v1","rv":…,"start":…}.</summary>
public sealed class ContinueTokenTests
{
    [Fact]
    public void Encode_ThenDecode_RoundTrips()
    {
        var token = new ContinueToken(42, "/registry/core/configmaps/default/a+b/c");
        Assert.Equal(token, ContinueToken.Decode(token.Encode()));
    }

    [Fact]
    public void Encode_IsUnpaddedBase64UrlOfUpstreamShape()
    {
        var encoded = new ContinueToken(7, "k?>").Encode();
        Assert.DoesNotContain('=', encoded);
        Assert.DoesNotContain('+', encoded);
        Assert.DoesNotContain('/', encoded);
        var json = JsonNode.Parse(Convert.FromBase64String(encoded.Replace('-', '+').Replace('_', '/').PadRight((encoded.Length + 3) / 4 * 4, '=')))!;
        Assert.Equal(("meta.k8s.io/v1", 7L), ((string)json["v"]!, (long)json["rv"]!));
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("not base64", "!!!")]
    [InlineData("json array", "W10")]
    [InlineData("missing rv", "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJzdGFydCI6ImEifQ")]
    [InlineData("rv not a number", "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6IngiLCJzdGFydCI6ImEifQ")]
    public void Decode_Bad_Is400ContinueKeyNotValid(string name, string token)
    {
        _ = name;
        var error = Assert.Throws<Wharf.ApiServer.Errors.StatusException>(() => ContinueToken.Decode(token));
        Assert.Equal(400, error.Code);
        Assert.StartsWith("continue key is not valid", error.Message);
    }

    [Fact]
    public void Decode_ForeignVersion_IsRejected()
    {
        var foreign = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"v":"meta.k8s.io/v0","rv":1,"start":"a"}""")).TrimEnd('=');
        Assert.Equal(400, Assert.Throws<Wharf.ApiServer.Errors.StatusException>(() => ContinueToken.Decode(foreign)).Code);
    }
}
