using System.Text;
using Wharf.Client.Rest;

namespace Wharf.Client.Tests.Rest;

public class KubeconfigTests
{
    private const string Config = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: one
          cluster:
            server: https://10.0.0.1:6443
            insecure-skip-tls-verify: true
        - name: two
          cluster:
            server: https://10.0.0.2:6443
        contexts:
        - name: first
          context: {cluster: one, user: alice}
        - name: second
          context: {cluster: two, user: bob}
        current-context: first
        users:
        - name: alice
          user:
            token: abc123
        - name: bob
          user:
            tokenFile: bob.token
        """;

    [Theory]
    [InlineData("current context", null, "https://10.0.0.1:6443/", "abc123", true)]
    [InlineData("named context with token file", "second", "https://10.0.0.2:6443/", "from-file", false)]
    public void Parse_PicksClusterAndUserOfTheContext(string name, string? context, string server, string token, bool insecure)
    {
        _ = name;
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "bob.token"), "from-file\n", Encoding.UTF8);
            var config = Kubeconfig.Parse(Config, context, dir.FullName);
            Assert.Equal(server, config.Server.ToString());
            Assert.Equal(token, config.BearerToken);
            Assert.Equal(insecure, config.InsecureSkipTlsVerify);
            Assert.Null(config.ClientCertificate);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Parse_UnknownContext_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => Kubeconfig.Parse(Config, "nope"));
        Assert.Contains("nope", error.Message);
    }
}
