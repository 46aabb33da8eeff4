using Wharf.Network.Overlay;

namespace Wharf.Network.Tests.Overlay;

public sealed class MasqueradeRulesTests
{
    private static readonly string Script = MasqueradeRules.Render("wharf-overlay", "10.244.1.0/24", "10.244.0.0/16");

    [Fact]
    public void TableIsReplacedWholeInOneTransaction()
    {
        var lines = Script.Split('\n');

        Assert.Equal(["add table ip wharf-overlay", "delete table ip wharf-overlay", "table ip wharf-overlay {"], lines[..3]);
    }

    [Fact]
    public void PodToPodKeepsItsSourceAndEverythingElseFromPodsIsMasqueraded()
    {
        var rules = Script.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("ip saddr", StringComparison.Ordinal)).ToList();

        Assert.Equal(
        [
            "ip saddr 10.244.1.0/24 ip daddr 10.244.0.0/16 return",
            "ip saddr 10.244.1.0/24 ip daddr 224.0.0.0/4 return",
            "ip saddr 10.244.1.0/24 masquerade fully-random",
        ], rules);
    }
}
