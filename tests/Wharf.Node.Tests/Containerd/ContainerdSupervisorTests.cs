using Wharf.Node.Host;
using Wharf.Node.Tests.Support;

namespace Wharf.Node.Tests.Containerd;

[Collection(ContainerdCollection.Name)]
public sealed class ContainerdSupervisorTests
{
    [Fact]
    public async Task KilledContainerd_IsRestartedAndAnswersCriAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await using var env = await NodeTestEnvironment.StartAsync(importImages: false, ct);
        var firstPid = env.Supervisor.ProcessId!.Value;
        var restarted = new TaskCompletionSource();
        env.Supervisor.Restarted += () => restarted.TrySetResult();

        NativeMethods.Kill(firstPid, NativeMethods.SigKill);
        await restarted.Task.WaitAsync(ct);

        var secondPid = env.Supervisor.ProcessId;
        Assert.NotNull(secondPid);
        Assert.NotEqual(firstPid, secondPid);
        Assert.Equal(1, env.Supervisor.Restarts);
        Assert.Equal("containerd", (await env.Client!.VersionAsync(ct)).RuntimeName);

        await env.StopAsync(ct);
        Assert.False(Directory.Exists($"/proc/{secondPid}"), "restarted containerd still running after dispose");
        Assert.Empty(MountCleaner.MountsUnder(env.DataDir));
    }

    [Fact]
    public async Task Start_WritesConfigUnderDataDir_AndNeverUsesSystemPaths()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var env = await NodeTestEnvironment.StartAsync(importImages: false, timeout.Token);

        Assert.StartsWith(env.DataDir, env.Supervisor.Address);
        Assert.True(File.Exists(env.Supervisor.Address), "containerd socket missing");
        var config = await File.ReadAllTextAsync(env.Containerd.ConfigPath, timeout.Token);
        // Every path in the config is the agent's own, except the CNI plugin binaries it only reads.
        var paths = System.Text.RegularExpressions.Regex.Matches(config, "\"(/[^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.True(p.StartsWith(env.DataDir + "/", StringComparison.Ordinal) || p == "/usr/lib/cni", p));
    }
}
