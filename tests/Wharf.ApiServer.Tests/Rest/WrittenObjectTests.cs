using System.Text.Json;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Rest;

/// <summary>A write's answer from the stored bytes must be byte for byte what serialising the decoded object gives.</summary>
public sealed class WrittenObjectTests
{
    [Theory]
    [InlineData("create", "{'metadata':{'name':'c','labels':{'a':'b'}},'data':{'k':'v'}}")]
    [InlineData("update", "{'metadata':{'name':'c'},'data':{'k':'changed'}}")]
    [InlineData("update adding a key", "{'metadata':{'name':'c'},'data':{'k':'v','n':'new'}}")]
    [InlineData("patch", "{'metadata':{'name':'c'},'data':{'k':'patched'}}")]
    public async Task StoredJson_EqualsTheSerialisedObject(string write, string json)
    {
        await using var h = await StoreHarness.OpenAsync();
        var kind = h.Kind("configmaps");
        var written = await h.Store.CreateWrittenAsync(kind, "default", Json.Obj("{'metadata':{'name':'c'},'data':{'k':'v'}}"), WriteOptions.Default, CancellationToken.None);
        if (write.StartsWith("update"))
            (written, _) = await h.Store.UpdateWrittenAsync(kind, "default", "c", Json.Obj(json), null, WriteOptions.Default, CancellationToken.None);
        if (write == "patch") // a PATCH answer, as GuaranteedUpdateWrittenAsync keeps it
            written = await h.Store.GuaranteedUpdateWrittenAsync(kind, "default", "c", null, o => { o["data"] = Json.Obj(json)["data"]!.DeepClone(); return o; }, WriteOptions.Default, CancellationToken.None);

        var bytes = written.TryStoredJson();

        Assert.NotNull(bytes);
        Assert.Equal(JsonSerializer.Serialize(written.Object), System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(written.Stored!.ModRevision.ToString(), (string)written.Object["metadata"]!["resourceVersion"]!);
    }

    [Fact]
    public async Task NoOpUpdate_AnswersTheLiveObjectWithoutStoredBytes()
    {
        await using var h = await StoreHarness.OpenAsync();
        var kind = h.Kind("configmaps");
        var created = await h.Store.CreateWrittenAsync(kind, "default", Json.Obj("{'metadata':{'name':'c'},'data':{'k':'v'}}"), WriteOptions.Default, CancellationToken.None);

        var (again, _) = await h.Store.UpdateWrittenAsync(kind, "default", "c", created.Object.DeepClone().AsObject(), null, WriteOptions.Default, CancellationToken.None);

        Assert.Null(again.TryStoredJson());
        Assert.Equal((string)created.Object["metadata"]!["resourceVersion"]!, (string)again.Object["metadata"]!["resourceVersion"]!);
    }

    [Fact]
    public async Task GuaranteedUpdate_NoOp_AnswersTheLiveObjectWithoutStoredBytes()
    {
        await using var h = await StoreHarness.OpenAsync();
        var kind = h.Kind("configmaps");
        var created = await h.Store.CreateWrittenAsync(kind, "default", Json.Obj("{'metadata':{'name':'c'},'data':{'k':'v'}}"), WriteOptions.Default, CancellationToken.None);

        var written = await h.Store.GuaranteedUpdateWrittenAsync(kind, "default", "c", null, o => o, WriteOptions.Default, CancellationToken.None);

        Assert.Null(written.Undecoded);
        Assert.Equal((string)created.Object["metadata"]!["resourceVersion"]!, (string)written.Object["metadata"]!["resourceVersion"]!);
    }
}
