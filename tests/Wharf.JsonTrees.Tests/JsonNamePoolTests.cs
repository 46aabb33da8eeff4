using System.Text.Json;
using Wharf.JsonTrees;

namespace Wharf.JsonTrees.Tests;

public sealed class JsonNamePoolTests
{
    [Fact]
    public void Get_ReturnsOneInstancePerName()
    {
        var first = JsonTreeReader.Parse("""{"metadata":{"name":"a"}}"""u8)!;
        var second = JsonTreeReader.Parse("""{"metadata":{"name":"b"}}"""u8)!;

        Assert.Same(first.AsObject().Single().Key, second.AsObject().Single().Key);
        Assert.Same(first["metadata"]!.AsObject().Single().Key, second["metadata"]!.AsObject().Single().Key);
    }

    [Theory]
    [InlineData("one slot: names evict each other", 1)]
    [InlineData("roomy table", 4096)]
    public void Get_ReturnsEachNameWhateverTheSlots(string label, int slots)
    {
        _ = label;
        var reader = new Utf8JsonReader("""{"alpha":1,"beta":{"alpha":2,"gamma":3},"\u0062eta2":4}"""u8);
        reader.Read();

        var read = new JsonTreeReader(new JsonNamePool(slots)).ReadObject(ref reader);

        Assert.Equal(["alpha", "beta", "beta2"], read.Select(p => p.Key));
        Assert.Equal(["alpha", "gamma"], read["beta"]!.AsObject().Select(p => p.Key));
        Assert.Equal(2, read["beta"]!["alpha"]!.GetValue<int>());
    }
}
