using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

/// <summary>
/// <c>wharf server</c> gives itself its tiering setting by re-executing once with it in the environment (the runtime
/// reads it nowhere else): the process the test started, same PID, serves with the setting, and a value the user set
/// is kept rather than overridden.
/// </summary>
public sealed class RuntimeSettingsTests
{
    private const string CallCountingDelay = "DOTNET_TC_CallCountingDelayMs";

    [Fact]
    public async Task Server_RunsWithoutTheCallCountingDelay_InTheProcessThatWasStarted()
    {
        await using var server = await WharfServer.StartAsync(CancellationToken.None);
        using var kubectl = new Kubectl(server.KubeconfigPath);

        (await kubectl.RunAsync("get", "namespace", "default", "-o", "name")).EnsureSuccess();
        Assert.Equal("0", EnvironmentOf(server.ProcessId).GetValueOrDefault(CallCountingDelay));
    }

    [Fact]
    public async Task Server_KeepsTheUsersOwnValue()
    {
        await using var server = await WharfServer.StartAsync(
            WharfServerOptions.ControlPlaneOnly with { Environment = new Dictionary<string, string> { [CallCountingDelay] = "100" } }, CancellationToken.None);
        using var kubectl = new Kubectl(server.KubeconfigPath);

        (await kubectl.RunAsync("get", "namespace", "default", "-o", "name")).EnsureSuccess();
        Assert.Equal("100", EnvironmentOf(server.ProcessId).GetValueOrDefault(CallCountingDelay));
    }

    /// <summary>The environment the process runs with now (after any execve), from /proc.</summary>
    private static Dictionary<string, string> EnvironmentOf(int pid)
    {
        Assert.True(pid > 0, "the server process is running");
        return File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(group => group.Key, group => group.Last()[1]);
    }
}
