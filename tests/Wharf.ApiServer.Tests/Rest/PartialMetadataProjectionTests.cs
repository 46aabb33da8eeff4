using System.Text;
using System.Text.Json;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.Support;
using Wharf.Storage;

namespace Wharf.ApiServer.Tests.Rest;

/// <summary>The PartialObjectMetadata built from stored bytes must be exactly the projection of the decoded object, or declined.</summary>
public sealed class PartialMetadataProjectionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData("plain", "{'metadata':{'name':'plain'},'data':{'a':'b'}}", "v1")]
    [InlineData("labels, owners and unicode", "{'metadata':{'name':'uni','labels':{'app':'x'},'annotations':{'n':'caf\u00e9 <&>'},'ownerReferences':[{'apiVersion':'v1','kind':'Pod','name':'p','uid':'u1'}],'finalizers':['f/x']},'data':{'k':'\u65e5\u672c'}}", "v1")]
    [InlineData("v1beta1 asked", "{'metadata':{'name':'beta'},'data':{}}", "v1beta1")]
    public async Task Project_StoredConfigMap_IsByteForByteTheDecodedProjection(string label, string json, string version)
    {
        _ = label;
        await using var h = await StoreHarness.OpenAsync();
        var created = await h.CreateAsync("configmaps", "default", json);
        var kind = h.Kind("configmaps");
        var stored = await h.Storage.GetAsync(ResourceStore.KeyFor(kind, "default", (string)created["metadata"]!["name"]!), None);

        var projected = PartialMetadataProjection.TryProject(stored!, version);

        Assert.NotNull(projected);
        var expected = PartialMetadataProjection.FromObject(ResourceStore.Output(kind, ObjectCodec.Decode(stored!)), version);
        Assert.Equal(expected.ToJsonString(), Encoding.UTF8.GetString(projected));
        using var doc = JsonDocument.Parse(projected);
        Assert.Equal(["kind", "apiVersion", "metadata"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"meta.k8s.io/{version}", doc.RootElement.GetProperty("apiVersion").GetString());
        Assert.Equal(stored!.ModRevision.ToString(System.Globalization.CultureInfo.InvariantCulture), doc.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString());
    }

    [Theory]
    [InlineData("stored resourceVersion", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"3\"}}")]
    [InlineData("no metadata", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{}}")]
    [InlineData("metadata not an object", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":[]}")]
    [InlineData("not JSON", "{\"apiVersion\":")]
    public void Project_UnexpectedShape_IsDeclined(string label, string json)
    {
        _ = label;

        var projected = PartialMetadataProjection.TryProject(new StoredObject("/registry/core/configmaps/default/a", Encoding.UTF8.GetBytes(json), 7, 7), "v1");

        Assert.Null(projected);
    }

    [Theory]
    [InlineData("metadata after the body", "{\"data\":{\"metadata\":{\"x\":1}},\"metadata\":{\"name\":\"a\"}}", "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"9\"}}")]
    [InlineData("empty metadata", "{\"metadata\":{},\"data\":{}}", "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"resourceVersion\":\"9\"}}")]
    public void Project_TopLevelMetadataOnly_WithRevisionAppended(string label, string json, string expected)
    {
        _ = label;

        var projected = PartialMetadataProjection.TryProject(new StoredObject("/k", Encoding.UTF8.GetBytes(json), 9, 9), "v1");

        Assert.Equal(expected, Encoding.UTF8.GetString(projected!));
    }
}
