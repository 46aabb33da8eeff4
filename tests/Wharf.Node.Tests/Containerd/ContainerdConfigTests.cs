using Wharf.Node.Containerd;

namespace Wharf.Node.Tests.Containerd;

public sealed class ContainerdConfigTests
{
    private static readonly ContainerdOptions Options = new() { DataDir = "/data/agent", SandboxImage = "wharf.local/pause:3.10" };

    [Theory]
    [InlineData("config version 2", "version = 2")]
    [InlineData("own root", "root = \"/data/agent/containerd\"")]
    [InlineData("own state", "state = \"/data/agent/run/containerd\"")]
    [InlineData("own socket", "address = \"/data/agent/run/containerd/containerd.sock\"")]
    [InlineData("local sandbox image", "sandbox_image = \"wharf.local/pause:3.10\"")]
    [InlineData("oom score clamp for machines without CAP_SYS_RESOURCE", "restrict_oom_score_adj = true")]
    [InlineData("cgroupfs driver", "SystemdCgroup = false")]
    [InlineData("own runc state", "Root = \"/data/agent/run/containerd/runc\"")]
    [InlineData("Debian CNI binaries", "bin_dir = \"/usr/lib/cni\"")]
    [InlineData("own CNI conf dir", "conf_dir = \"/data/agent/etc/cni/net.d\"")]
    [InlineData("stream server on loopback", "stream_server_address = \"127.0.0.1\"")]
    [InlineData("random stream port", "stream_server_port = \"0\"")]
    public void Render_ContainsSetting(string name, string expectedLine)
    {
        var lines = ContainerdConfig.Render(Options).Split('\n').Select(l => l.Trim());

        Assert.True(lines.Contains(expectedLine), $"{name}: missing '{expectedLine}'");
    }

    [Fact]
    public void Render_SettingsSitInTheirTables()
    {
        var toml = ContainerdConfig.Render(Options);

        Assert.True(
            toml.IndexOf("[plugins.\"io.containerd.grpc.v1.cri\"]\n", StringComparison.Ordinal) < toml.IndexOf("restrict_oom_score_adj", StringComparison.Ordinal),
            "restrict_oom_score_adj must be in the CRI plugin table");
        var optionsTable = toml.IndexOf("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]", StringComparison.Ordinal);
        Assert.InRange(toml.IndexOf("SystemdCgroup", StringComparison.Ordinal), optionsTable, int.MaxValue);
        var cniTable = toml.IndexOf("[plugins.\"io.containerd.grpc.v1.cri\".cni]", StringComparison.Ordinal);
        Assert.InRange(toml.IndexOf("bin_dir", StringComparison.Ordinal), cniTable, int.MaxValue);
    }

    [Theory]
    [InlineData("runc from PATH", null, null)]
    [InlineData("crun", "/usr/bin/crun", "BinaryName = \"/usr/bin/crun\"")]
    public void Render_NamesTheOciRuntimeBinaryOnlyWhenGiven(string name, string? binary, string? expectedLine)
    {
        var toml = ContainerdConfig.Render(Options with { RuncBinary = binary });

        var line = toml.Split('\n').Select(l => l.Trim()).SingleOrDefault(l => l.StartsWith("BinaryName", StringComparison.Ordinal));
        Assert.True(expectedLine == line, name);
        if (line is not null)
            Assert.InRange(toml.IndexOf(line, StringComparison.Ordinal), toml.IndexOf("runtimes.runc.options]", StringComparison.Ordinal), int.MaxValue);
    }

    [Theory]
    [InlineData("plain", "/a/b", "\"/a/b\"")]
    [InlineData("quote", "a\"b", "\"a\\\"b\"")]
    [InlineData("backslash", "a\\b", "\"a\\\\b\"")]
    [InlineData("newline", "a\nb", "\"a\\nb\"")]
    [InlineData("control character", "a\u0001b", "\"a\\u0001b\"")]
    public void Quote_EscapesTomlBasicString(string name, string value, string expected)
    {
        Assert.True(expected == ContainerdConfig.Quote(value), name);
    }
}
