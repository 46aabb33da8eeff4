using Wharf.Node.Registries;

namespace Wharf.Node.Tests.Registries;

public sealed class HostsTomlTests
{
    private static IReadOnlyDictionary<string, string> Render(string yaml) => HostsToml.Render(RegistryConfigParser.Parse(yaml));

    [Fact]
    public void A_plain_http_registry_becomes_its_own_http_server()
    {
        var files = Render("mirrors:\n  \"127.0.0.1:5000\":\n    endpoint: [\"http://127.0.0.1:5000\"]\n");

        var toml = Assert.Single(files, f => f.Key == "127.0.0.1:5000").Value;
        Assert.Contains("server = \"http://127.0.0.1:5000\"\n", toml);
        Assert.Contains("[host.\"http://127.0.0.1:5000\"]\n  capabilities = [\"pull\", \"resolve\"]\n", toml);
        Assert.Single(files);
    }

    [Fact]
    public void Mirrors_come_first_in_order_and_the_registry_itself_last()
    {
        var toml = Render("mirrors:\n  docker.io:\n    endpoint: [\"https://m1.local:5000\", \"http://m2.local\"]\n")["docker.io"];

        Assert.Contains("server = \"https://registry-1.docker.io\"", toml);
        var m1 = toml.IndexOf("[host.\"https://m1.local:5000\"]", StringComparison.Ordinal);
        var m2 = toml.IndexOf("[host.\"http://m2.local\"]", StringComparison.Ordinal);
        var hub = toml.IndexOf("[host.\"https://registry-1.docker.io\"]", StringComparison.Ordinal);
        Assert.True(m1 >= 0 && m1 < m2 && m2 < hub, toml);
    }

    [Fact]
    public void Tls_settings_of_an_endpoint_host_go_into_its_host_table()
    {
        var toml = Render("""
            mirrors:
              docker.io:
                endpoint: ["https://m1.local:5000"]
            configs:
              "m1.local:5000":
                tls:
                  ca_file: /ca.pem
                  cert_file: /c.pem
                  key_file: /k.pem
                  insecure_skip_verify: true
            """)["docker.io"];

        var table = toml[toml.IndexOf("[host.\"https://m1.local:5000\"]", StringComparison.Ordinal)..toml.IndexOf("[host.\"https://registry-1.docker.io\"]", StringComparison.Ordinal)];
        Assert.Contains("ca = \"/ca.pem\"", table);
        Assert.Contains("client = [[\"/c.pem\", \"/k.pem\"]]", table);
        Assert.Contains("skip_verify = true", table);
    }

    [Fact]
    public void A_registry_with_only_tls_settings_still_gets_a_file()
    {
        var files = Render("configs:\n  \"reg.local:8443\":\n    tls:\n      insecure_skip_verify: true\n  auth-only.local:\n    auth:\n      username: u\n");

        var toml = Assert.Single(files, f => f.Key == "reg.local:8443").Value;
        Assert.Contains("server = \"https://reg.local:8443\"", toml);
        Assert.Contains("skip_verify = true", toml);
        Assert.DoesNotContain("auth-only.local", files.Keys);
    }

    [Fact]
    public void The_wildcard_mirror_is_the_default_directory_without_a_server()
    {
        var toml = Render("mirrors:\n  \"*\":\n    endpoint: [\"http://cache.local:5000\"]\n")[HostsToml.DefaultDirectory];

        Assert.DoesNotContain("server =", toml);
        Assert.Contains("[host.\"http://cache.local:5000\"]", toml);
    }

    [Theory]
    [InlineData("no path", "https://m.local", "[host.\"https://m.local\"]", false)]
    [InlineData("API root given", "https://m.local/v2", "[host.\"https://m.local/v2\"]", true)]
    [InlineData("prefix path", "https://m.local/proxy", "[host.\"https://m.local/proxy\"]", false)]
    public void Endpoint_paths_are_kept_and_an_explicit_v2_overrides_the_path(string name, string endpoint, string table, bool overridePath)
    {
        var toml = Render($"mirrors:\n  r.io:\n    endpoint: [\"{endpoint}\"]\n")["r.io"];

        Assert.True(toml.Contains(table, StringComparison.Ordinal), $"{name}: {toml}");
        Assert.Equal(overridePath, toml.Contains("override_path = true", StringComparison.Ordinal));
    }

    [Fact]
    public void Credentials_never_reach_the_hosts_files()
    {
        var files = Render("mirrors:\n  r.io:\n    endpoint: [\"https://r.io\"]\nconfigs:\n  r.io:\n    auth:\n      username: alice\n      password: topsecret\n");

        Assert.DoesNotContain(files.Values, t => t.Contains("topsecret", StringComparison.Ordinal) || t.Contains("alice", StringComparison.Ordinal));
    }
}
