using Wharf.Node.Containerd;
using Wharf.Node.Registries;

namespace Wharf.Node.Tests.Registries;

/// <summary>The registry part of the agent's containerd config: the hosts directory and the credentials.</summary>
public sealed class ContainerdRegistryConfigTests
{
    private const string Cri = "[plugins.\"io.containerd.grpc.v1.cri\"";

    [Fact]
    public void Without_a_registry_config_containerd_keeps_its_defaults()
    {
        var toml = ContainerdConfig.Render(new ContainerdOptions { DataDir = "/d" });

        Assert.DoesNotContain(".registry", toml);
        Assert.DoesNotContain("config_path", toml);
    }

    [Fact]
    public void With_a_registry_config_the_cri_plugin_reads_the_agents_hosts_directory()
    {
        var toml = ContainerdConfig.Render(new ContainerdOptions { DataDir = "/d", RegistryConfigPath = "/etc/registries.yaml" }, RegistryConfig.Empty);

        Assert.Contains($"{Cri}.registry]\nconfig_path = \"/d/etc/containerd/certs.d\"\n", toml);
    }

    [Fact]
    public void Credentials_are_written_per_host_in_the_cri_registry_configs()
    {
        var registries = RegistryConfigParser.Parse("""
            configs:
              "reg.local:5000":
                auth:
                  username: alice
                  password: "p\"w"
              token.local:
                auth:
                  identity_token: tok
              tls-only.local:
                tls:
                  insecure_skip_verify: true
            """);

        var toml = ContainerdConfig.Render(new ContainerdOptions { DataDir = "/d", RegistryConfigPath = "/r.yaml" }, registries);

        Assert.Contains($"{Cri}.registry.configs.\"reg.local:5000\".auth]\nusername = \"alice\"\npassword = \"p\\\"w\"\n", toml);
        Assert.Contains($"{Cri}.registry.configs.\"token.local\".auth]\nidentitytoken = \"tok\"\n", toml);
        Assert.DoesNotContain("tls-only.local", toml);
    }
}
