using System.Text.Json.Nodes;
using Wharf.Network.Ingress.Tls;

namespace Wharf.Network.Tests.Ingress.Tls;

public sealed class TlsSecretReaderTests
{
    [Fact]
    public void ValidSecretGivesItsCertificate()
    {
        var secret = TestCertificates.SecretFor("site", "site.test");

        var read = TlsSecretReader.Parse("default/site", secret);

        Assert.NotNull(read.Context);
        Assert.Equal("CN=site.test", read.Context!.TargetCertificate.Subject);
    }

    [Theory]
    [InlineData("no data", null, null)]
    [InlineData("no key", "cert", null)]
    [InlineData("not base64", "%%%", "%%%")]
    [InlineData("not PEM", "aGVsbG8=", "aGVsbG8=")]
    public void UnusableSecretIsInvalid(string _, string? crt, string? key)
    {
        var data = new JsonObject();
        if (crt is not null) data["tls.crt"] = crt;
        if (key is not null) data["tls.key"] = key;
        var secret = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "bad" }, ["data"] = data };

        var read = TlsSecretReader.Parse("default/bad", secret);

        Assert.Null(read.Context);
        Assert.Equal(TlsSecret.InvalidSecret, read.Reason);
    }

    [Fact]
    public void KeyOfAnotherCertificateIsInvalid()
    {
        var (cert, _) = TestCertificates.Create("a.test");
        var (_, otherKey) = TestCertificates.Create("b.test");

        var read = TlsSecretReader.Parse("default/mixed", TestCertificates.Secret("mixed", cert, otherKey));

        Assert.Equal(TlsSecret.InvalidSecret, read.Reason);
    }
}
