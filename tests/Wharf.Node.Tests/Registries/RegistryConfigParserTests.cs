using Wharf.Node.Registries;

namespace Wharf.Node.Tests.Registries;

public sealed class RegistryConfigParserTests
{
    private const string Full = """
        mirrors:
          docker.io:
            endpoint:
              - "https://mirror.example.com:5000"
              - "registry.internal"
            rewrite:
              "^library/(.*)": "hub/$1"
          "*":
            endpoint: ["http://catch-all.local:8080/v2"]
        configs:
          "mirror.example.com:5000":
            auth:
              username: alice
              password: "pa:ss"
            tls:
              ca_file: /etc/ssl/mirror-ca.pem
              cert_file: /etc/ssl/client.pem
              key_file: /etc/ssl/client.key
          registry.internal:
            auth:
              auth: YWxpY2U6cGFzcw==
              identity_token: tok
            tls:
              insecure_skip_verify: true
        """;

    [Fact]
    public void Parse_reads_mirror_endpoints_in_order_with_https_for_schemeless_ones()
    {
        var config = RegistryConfigParser.Parse(Full);

        Assert.Equal(["https://mirror.example.com:5000/", "https://registry.internal/"], config.Mirrors["docker.io"].Endpoints.Select(e => e.ToString()));
        Assert.Equal("hub/$1", config.Mirrors["docker.io"].Rewrites["^library/(.*)"]);
        Assert.Equal("http://catch-all.local:8080/v2", config.Mirrors["*"].Endpoints.Single().ToString());
    }

    [Fact]
    public void Parse_reads_auth_and_tls_per_host()
    {
        var config = RegistryConfigParser.Parse(Full);

        Assert.Equal(new RegistryAuth { Username = "alice", Password = "pa:ss" }, config.Configs["mirror.example.com:5000"].Auth);
        Assert.Equal(new RegistryTls { CaFile = "/etc/ssl/mirror-ca.pem", CertFile = "/etc/ssl/client.pem", KeyFile = "/etc/ssl/client.key" },
            config.Configs["mirror.example.com:5000"].Tls);
        Assert.Equal(new RegistryAuth { Auth = "YWxpY2U6cGFzcw==", IdentityToken = "tok" }, config.Configs["registry.internal"].Auth);
        Assert.True(config.Configs["registry.internal"].Tls!.InsecureSkipVerify);
    }

    [Theory]
    [InlineData("empty file", "")]
    [InlineData("only a comment", "# nothing yet\n")]
    [InlineData("empty sections", "mirrors:\nconfigs:\n")]
    public void Parse_of_nothing_is_the_empty_config(string name, string yaml)
    {
        Assert.True(RegistryConfigParser.Parse(yaml).IsEmpty, name);
    }

    [Fact]
    public void Load_of_a_missing_file_is_the_empty_config()
    {
        Assert.Same(RegistryConfig.Empty, RegistryConfigParser.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "registries.yaml")));
    }

    [Theory]
    [InlineData("not yaml", "mirrors: [unclosed", "not valid YAML")]
    [InlineData("endpoint not a list", "mirrors:\n  docker.io:\n    endpoint: https://x\n", "mirrors.docker.io.endpoint must be a list")]
    [InlineData("endpoint of another scheme", "mirrors:\n  docker.io:\n    endpoint: [\"ftp://x\"]\n", "is not an http or https URL")]
    [InlineData("host with a path", "mirrors:\n  \"../../etc\":\n    endpoint: []\n", "is not a registry host")]
    [InlineData("wildcard in configs", "configs:\n  \"*\":\n    tls:\n      insecure_skip_verify: true\n", "is not a registry host")]
    [InlineData("bad boolean", "configs:\n  r.io:\n    tls:\n      insecure_skip_verify: maybe\n", "must be true or false")]
    [InlineData("cert without key", "configs:\n  r.io:\n    tls:\n      cert_file: /c.pem\n", "needs both cert_file and key_file")]
    [InlineData("auth not a mapping", "configs:\n  r.io:\n    auth: alice\n", "configs.r.io.auth must be a mapping")]
    public void Parse_rejects_malformed_input_naming_the_problem(string name, string yaml, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RegistryConfigParser.Parse(yaml));

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {error.Message}");
    }
}
