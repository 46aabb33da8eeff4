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

    [Fact]
    public void Get_AdmittingOnSecondSight_SharesAStringFromItsSecondRead()
    {
        var pool = new JsonNamePool(16, admitOnSecondSight: true);

        var first = Read(pool, "\"True\"");
        var second = Read(pool, "\"True\"");
        var third = Read(pool, "\"True\"");

        Assert.Equal("True", first);
        Assert.NotSame(first, second);
        Assert.Same(second, third);
    }

    [Fact]
    public void Get_AdmittingOnSecondSight_AOneOffDoesNotEvictARecurringString()
    {
        var pool = new JsonNamePool(1, admitOnSecondSight: true);
        Read(pool, "\"apps/v1\"");
        var admitted = Read(pool, "\"apps/v1\"");

        Assert.Equal("3f6c1a2e-uid", Read(pool, "\"3f6c1a2e-uid\""));

        Assert.Same(admitted, Read(pool, "\"apps/v1\""));
    }

    [Theory]
    [InlineData("escaped", "\"caf\\u00e9\"", "café")]
    [InlineData("longer than pooled", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("empty", "\"\"", "")]
    [InlineData("not ASCII", "\"café 日本\"", "café 日本")]
    [InlineData("four bytes, two chars", "\"😀\"", "😀")]
    public void Get_AnyString_IsItsDecodedValue_EveryTime(string label, string json, string expected)
    {
        _ = label;
        var pool = new JsonNamePool(4, admitOnSecondSight: true);

        Assert.All(Enumerable.Range(0, 3), _ => Assert.Equal(expected, Read(pool, json)));
    }

    [Fact]
    public void Parse_RecurringValues_AreSharedBetweenTrees()
    {
        var json = """{"status":{"conditions":[{"type":"Ready","status":"True"}]}}"""u8.ToArray();
        JsonTreeReader.Parse(json);

        var second = JsonTreeReader.Parse(json)!;
        var third = JsonTreeReader.Parse(json)!;

        Assert.Same(second["status"]!["conditions"]![0]!["status"]!.GetValue<string>(), third["status"]!["conditions"]![0]!["status"]!.GetValue<string>());
    }

    private static string Read(JsonNamePool pool, string json)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        reader.Read();
        return pool.Get(ref reader);
    }
}
