using Wharf.Hosting.Runtime;

namespace Wharf.Hosting.Tests.Runtime;

public sealed class RuntimeReexecTests
{
    private static readonly (string Variable, string Value)[] Settings = [("DOTNET_A", "0"), ("DOTNET_B", "1")];

    [Fact]
    public void Missing_IsEverySettingTheEnvironmentLacks()
    {
        var missing = RuntimeReexec.Missing(Settings, new Dictionary<string, string?> { ["DOTNET_A"] = "0", ["PATH"] = "/bin" });

        Assert.Equal([("DOTNET_B", "1")], missing);
    }

    [Fact]
    public void Missing_LeavesAUsersOwnValue()
    {
        // A user's DOTNET_B=5 wins: nothing is re-executed to change it.
        var missing = RuntimeReexec.Missing(Settings, new Dictionary<string, string?> { ["DOTNET_A"] = "7", ["DOTNET_B"] = "5" });

        Assert.Empty(missing);
    }

    [Fact]
    public void Missing_IsEveryOneInAnEmptyEnvironment() =>
        Assert.Equal(Settings, RuntimeReexec.Missing(Settings, new Dictionary<string, string?>()));
}
