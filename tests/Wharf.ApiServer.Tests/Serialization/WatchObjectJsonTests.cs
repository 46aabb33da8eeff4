using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Serialization;

namespace Wharf.ApiServer.Tests.Serialization;

/// <summary>A watch line's object writes the same bytes whether it holds them or splices them from the stored value.</summary>
public sealed class WatchObjectJsonTests
{
    [Fact]
    public void Encoded_WritesItsBytes()
    {
        var json = WatchObjectJson.Encoded([1, 2, 3]);
        var buffer = new byte[5];

        Assert.Equal(3, json.Length);
        Assert.Equal(3, json.CopyTo(buffer));
        Assert.Equal([1, 2, 3, 0, 0], buffer);
    }

    [Fact]
    public void Spliced_WritesTheServedForm()
    {
        var stored = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{}}"""u8.ToArray();
        var json = WatchObjectJson.Spliced(new StoredJsonSplice(stored, stored.AsSpan().IndexOf("},\"data\""u8), NeedsComma: true, Revision: 1234));
        var buffer = new byte[json.Length];

        Assert.Equal(buffer.Length, json.CopyTo(buffer));
        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"1234"},"data":{}}""", System.Text.Encoding.UTF8.GetString(buffer));
    }
}
