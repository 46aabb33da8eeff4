using System.Net.Security;
using Wharf.Network.Ingress.Routing;
using Wharf.Network.Ingress.Tls;
using Wharf.Network.Tests.Ingress.Routing;

namespace Wharf.Network.Tests.Ingress.Tls;

public sealed class TlsTableTests
{
    private static readonly SslStreamCertificateContext Fallback = FallbackCertificate.Create();
    private static readonly SslStreamCertificateContext Exact = FallbackCertificate.Create();
    private static readonly SslStreamCertificateContext Wild = FallbackCertificate.Create();

    private readonly List<(string Ingress, string? Reason)> _unusable = [];

    private TlsTable Table() => TlsTable.Build(
        [IngressSpecReader.Read(new IngressBuilder("ing").Tls("exact", "a.test").Tls("wild", "*.wild.test").Tls("missing", "gone.test").Tls(null, "nosecret.test").Json)],
        (_, name) => name switch
        {
            "exact" => TlsSecret.Usable(Exact),
            "wild" => TlsSecret.Usable(Wild),
            _ => TlsSecret.Unusable(TlsSecret.SecretNotFound, $"Secret default/{name} not found"),
        },
        Fallback,
        (spec, secret) => _unusable.Add((spec.Key, secret.Reason)));

    [Theory]
    [InlineData("exact name", "a.test", "exact")]
    [InlineData("name in another case", "A.TEST", "exact")]
    [InlineData("one label under the wildcard", "x.wild.test", "wild")]
    [InlineData("two labels under the wildcard", "x.y.wild.test", "fallback")]
    [InlineData("unknown name", "b.test", "fallback")]
    [InlineData("no SNI", null, "fallback")]
    [InlineData("missing secret", "gone.test", "fallback")]
    public void SniSelectsTheCertificate(string _, string? sni, string expected)
    {
        var selected = Table().Select(sni);

        var name = ReferenceEquals(selected, Exact) ? "exact" : ReferenceEquals(selected, Wild) ? "wild" : ReferenceEquals(selected, Fallback) ? "fallback" : "?";
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("host with a certificate", "a.test", true)]
    [InlineData("host under a wildcard", "x.wild.test", true)]
    [InlineData("host whose secret is missing", "gone.test", true)]
    [InlineData("host listed without secret", "nosecret.test", true)]
    [InlineData("host without tls", "plain.test", false)]
    public void HostsListedUnderTlsAreTlsHosts(string _, string host, bool expected)
    {
        Assert.Equal(expected, Table().HasTls(host));
    }

    [Fact]
    public void UnusableSecretsAreReportedAgainstTheirIngress()
    {
        Table();

        Assert.Equal([("default/ing", TlsSecret.SecretNotFound)], _unusable);
    }
}
