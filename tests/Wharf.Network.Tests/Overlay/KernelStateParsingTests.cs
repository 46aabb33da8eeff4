using System.Text.Json.Nodes;
using Wharf.Network.Overlay;

namespace Wharf.Network.Tests.Overlay;

/// <summary>The executor reads the kernel through iproute2's JSON; these are outputs seen from iproute2 6.1.</summary>
public sealed class KernelStateParsingTests
{
    [Fact]
    public void RoutesKeepOnlinkAndNormaliseHostRoutes()
    {
        var routes = DatapathExecutor.ParseRoutes(Parse("""
            [{"dst":"10.244.2.0/24","gateway":"10.244.2.0","dev":"wharf.1","flags":["onlink"]},
             {"dst":"10.244.9.9","gateway":"192.168.77.9","dev":"eth0","flags":[]},
             {"dst":"10.244.8.0/24","dev":"eth0","flags":[]}]
            """));

        Assert.Equal(
            [new OverlayRoute("10.244.2.0/24", "10.244.2.0", "wharf.1", true), new OverlayRoute("10.244.9.9/32", "192.168.77.9", "eth0", false)],
            routes);
    }

    [Fact]
    public void NeighboursNormaliseTheMac() =>
        Assert.Equal(
            [new NeighbourEntry("10.244.2.0", "aa:bb:cc:dd:ee:ff", "wharf.1")],
            DatapathExecutor.ParseNeighbours(Parse("""[{"dst":"10.244.2.0","lladdr":"AA:BB:CC:DD:EE:FF","state":["PERMANENT"]}]"""), "wharf.1"));

    [Fact]
    public void FdbIgnoresEntriesWeDoNotProgram() =>
        Assert.Equal(
            [new FdbEntry("aa:bb:cc:dd:ee:ff", "192.168.77.2", "wharf.1")],
            DatapathExecutor.ParseFdb(Parse("""
                [{"mac":"aa:bb:cc:dd:ee:ff","dst":"192.168.77.2","flags":["self"],"state":"permanent"},
                 {"mac":"00:00:00:00:00:00","dst":"239.1.1.1","flags":["self"],"state":"permanent"},
                 {"mac":"aa:bb:cc:dd:ee:01","flags":["self"],"state":"permanent"},
                 {"mac":"aa:bb:cc:dd:ee:02","dst":"192.168.77.3","flags":["self"],"state":""}]
                """), "wharf.1"));

    [Fact]
    public void EmptyOutputIsAnEmptyList() => Assert.Empty(OverlayTools.ParseArray(""));

    private static JsonArray Parse(string json) => (JsonArray)JsonNode.Parse(json)!;
}
