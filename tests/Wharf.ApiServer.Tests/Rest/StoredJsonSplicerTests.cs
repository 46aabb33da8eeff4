using System.Text;
using System.Text.Json;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.Support;
using Wharf.Storage;

namespace Wharf.ApiServer.Tests.Rest;

/// <summary>The served bytes of a stored object built by splicing must be exactly the DOM path's bytes, or declined.</summary>
public sealed class StoredJsonSplicerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData("plain", "{'metadata':{'name':'plain'},'data':{'a':'b'}}")]
    [InlineData("labels and unicode", "{'metadata':{'name':'uni','labels':{'app':'x'},'annotations':{'n':'caf\u00e9 <&>'}},'data':{'k':'\u65e5\u672c'}}")]
    [InlineData("binary data and numbers", "{'metadata':{'name':'bin'},'binaryData':{'b':'AAEC'},'immutable':false}")]
    public async Task Splice_StoredConfigMap_IsByteForByteTheDecodedForm(string label, string json)
    {
        _ = label;
        await using var h = await StoreHarness.OpenAsync();
        var created = await h.CreateAsync("configmaps", "default", json);
        var kind = h.Kind("configmaps");
        var stored = await h.Storage.GetAsync(ResourceStore.KeyFor(kind, "default", (string)created["metadata"]!["name"]!), None);

        var spliced = StoredJsonSplicer.TrySplice(kind, stored!);

        Assert.NotNull(spliced);
        Assert.Equal(Dom(kind, stored!), Encoding.UTF8.GetString(spliced));
    }

    [Theory]
    [InlineData("kind not leading", "{\"metadata\":{\"name\":\"a\"},\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"}")]
    [InlineData("other kind", "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"a\"}}")]
    [InlineData("stored resourceVersion", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"3\"}}")]
    [InlineData("no metadata", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{}}")]
    public void Splice_UnexpectedShape_IsDeclined(string label, string json)
    {
        _ = label;
        var kind = Wharf.ApiServer.Registry.BuiltInResources.CreateCatalog().Find("", "v1", "configmaps")!;

        var spliced = StoredJsonSplicer.TrySplice(kind, new StoredObject("/registry/core/configmaps/default/a", Encoding.UTF8.GetBytes(json), 7, 7));

        Assert.Null(spliced);
    }

    [Fact]
    public void Splice_EmptyMetadata_AddsResourceVersionWithoutComma()
    {
        var kind = Wharf.ApiServer.Registry.BuiltInResources.CreateCatalog().Find("", "v1", "configmaps")!;
        var stored = new StoredObject("/k", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{},\"data\":{}}"u8.ToArray(), 42, 40);

        var spliced = StoredJsonSplicer.TrySplice(kind, stored);

        Assert.Equal("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"resourceVersion\":\"42\"},\"data\":{}}", Encoding.UTF8.GetString(spliced!));
        Assert.Equal(Dom(kind, stored), Encoding.UTF8.GetString(spliced!));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(10L)]
    [InlineData(long.MaxValue)]
    public void Plan_WritesTheSplicedBytesIntoAnyBuffer(long revision)
    {
        var kind = Wharf.ApiServer.Registry.BuiltInResources.CreateCatalog().Find("", "v1", "configmaps")!;
        var stored = new StoredObject("/k", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},\"data\":{}}"u8.ToArray(), revision, 1);

        Assert.True(StoredJsonSplicer.TryPlan(kind, stored, out var splice));
        var buffer = new byte[splice.Length + 3];
        var written = splice.CopyTo(buffer.AsSpan(1));

        Assert.Equal(splice.Length, written);
        Assert.Equal(StoredJsonSplicer.TrySplice(kind, stored), buffer[1..(1 + written)]);
        Assert.Equal(Dom(kind, stored), Encoding.UTF8.GetString(buffer, 1, written));
        Assert.Equal(0, buffer[^1]);
    }

    [Fact]
    public void Plan_UnexpectedShape_IsDeclined()
    {
        var kind = Wharf.ApiServer.Registry.BuiltInResources.CreateCatalog().Find("", "v1", "configmaps")!;
        var stored = new StoredObject("/k", "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{}}"u8.ToArray(), 5, 1);

        Assert.False(StoredJsonSplicer.TryPlan(kind, stored, out _));
    }

    private static string Dom(Wharf.ApiServer.Registry.ResourceKind kind, StoredObject stored)
    {
        var obj = ResourceStore.Output(kind, ObjectCodec.Decode(stored));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            obj.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
