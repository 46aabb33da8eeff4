using System.Text.Json;
using Wharf.Client.Rest;

namespace Wharf.Client.Tests.Rest;

public sealed class TypeInfoCacheTests
{
    // Types of their own: the cache is static per type, so other tests cannot fill these slots.
    private sealed class Named
    {
        public string? FirstName { get; set; }
    }

    private sealed class Other
    {
        public int Value { get; set; }
    }

    [Fact]
    public void SameOptions_GiveTheSameTypeInfo()
    {
        var options = new JsonSerializerOptions();
        var first = TypeInfoCache<Other>.For(options);
        Assert.Same(first, TypeInfoCache<Other>.For(options));
    }

    [Fact]
    public void EachSetOfOptions_IsReadWithItsOwnTypeInfo_AlsoBeyondTheCapacity()
    {
        // Options that read differently: with a naming policy "first_name" fills FirstName, without it "FirstName" does.
        var sets = Enumerable.Range(0, TypeInfoCache<Named>.Capacity + 2)
            .Select(i => new JsonSerializerOptions { PropertyNamingPolicy = i % 2 == 0 ? JsonNamingPolicy.SnakeCaseLower : null })
            .ToList();
        for (var round = 0; round < 3; round++)
        {
            foreach (var (options, i) in sets.Select((o, i) => (o, i)))
            {
                var info = TypeInfoCache<Named>.For(options);
                var json = i % 2 == 0 ? """{"first_name":"a"}""" : """{"FirstName":"a"}""";
                Assert.Equal("a", JsonSerializer.Deserialize(json, info)!.FirstName);
            }
        }
        Assert.Equal(TypeInfoCache<Named>.Capacity, TypeInfoCache<Named>.Count);
    }

    [Fact]
    public void TypedEvents_ReadWithTwoSetsOfOptions_KeepEachSetsBehaviour()
    {
        var plain = new JsonSerializerOptions();
        var snake = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var plainLine = """{"type":"ADDED","object":{"FirstName":"p"}}"""u8.ToArray();
        var snakeLine = """{"type":"ADDED","object":{"first_name":"s"}}"""u8.ToArray();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("p", TypedJson.ParseEvent<Named>(plainLine, plain).Object!.FirstName);
            Assert.Equal("s", TypedJson.ParseEvent<Named>(snakeLine, snake).Object!.FirstName);
            Assert.Null(TypedJson.ParseEvent<Named>(snakeLine, plain).Object!.FirstName);
        }
    }

    private sealed class Unresolved
    {
        public int Value { get; set; }
    }

    [Fact]
    public void OptionsWithoutAResolver_GetTheReflectionResolver_AsTheSerializerWouldGiveThem()
    {
        // The informers' JSON options are made as `new() { Converters = { … } }`: no resolver until their first use.
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        Assert.Null(options.TypeInfoResolver);
        var info = TypeInfoCache<Unresolved>.For(options);
        Assert.True(options.IsReadOnly);
        Assert.Equal(7, JsonSerializer.Deserialize("""{"value":7}""", info)!.Value);
    }
}
