using System.Text;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.JsonPatch;
using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.MergePatch;
using Wharf.Api.Patch.Strategic;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Fuzz;

/// <summary>
/// Random and truncated patch documents against random objects: the engines may only fail with
/// <see cref="PatchException"/>, must terminate, and must leave their inputs untouched.
/// </summary>
public sealed class PatchEngineFuzzTests
{
    private const int Iterations = 400;

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void JsonPatch_OnlyPatchExceptionsAndNoMutation(int seed)
    {
        var rnd = new RandomJson(seed);
        for (var i = 0; i < Iterations; i++)
        {
            var doc = rnd.Object(3);
            var patch = rnd.JsonPatch();
            Check(doc, patch, () => JsonPatchDocument.Apply(doc, patch));
            var text = rnd.Truncated(patch);
            Check(doc, null, () => JsonPatchDocument.Apply(doc, Encoding.UTF8.GetBytes(text)));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MergePatch_OnlyPatchExceptionsAndNoMutation(int seed)
    {
        var rnd = new RandomJson(seed);
        for (var i = 0; i < Iterations; i++)
        {
            var doc = rnd.Object(3);
            var patch = rnd.Random.Next(5) == 0 ? rnd.Value(2) : rnd.Object(3);
            Check(doc, patch, () => JsonMergePatch.Apply(doc, patch));
            var text = rnd.Truncated(patch);
            Check(doc, null, () => JsonMergePatch.Apply(doc, Encoding.UTF8.GetBytes(text)));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void StrategicMergePatch_OnlyPatchExceptionsAndNoMutation(int seed)
    {
        var rnd = new RandomJson(seed);
        var schemas = new[] { TestSchemas.Pod, TestSchemas.Deployment, TestSchemas.Node, null };
        for (var i = 0; i < Iterations; i++)
        {
            var doc = rnd.Object(4);
            var patch = rnd.Random.Next(8) == 0 ? rnd.Value(2) : rnd.Object(4);
            var schema = schemas[rnd.Random.Next(schemas.Length)];
            Check(doc, patch, () => StrategicMergePatch.Apply(doc, patch, schema));
            var text = rnd.Truncated(patch);
            Check(doc, null, () => StrategicMergePatch.Apply(doc, Encoding.UTF8.GetBytes(text), schema));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void FieldManager_UpdateNeverThrowsAndApplyOnlyPatchExceptions(int seed)
    {
        var rnd = new RandomJson(seed);
        var managers = new[] { new FieldManager(TestSchemas.Pod), new FieldManager(TestSchemas.Deployment), new FieldManager(null) };
        var owner = new FieldOwner("fuzz", "v1", DateTimeOffset.UnixEpoch);
        for (var i = 0; i < Iterations / 2; i++)
        {
            var manager = managers[rnd.Random.Next(managers.Length)];
            var live = rnd.Random.Next(4) == 0 ? null : rnd.Object(4);
            var updated = rnd.Object(4);
            var before = Snapshot(live, updated);
            var stored = manager.Update(live, updated, owner);
            Assert.Equal(before, Snapshot(live, updated));

            // Feed results back so tracked objects with real managedFields get exercised too.
            var config = rnd.Object(4);
            config.Remove("metadata");
            config["apiVersion"] = "v1";
            Check(stored, config, () => manager.Apply(stored, config, owner, force: rnd.Random.Next(2) == 0));
            Check(stored, config, () => manager.Apply(stored, config, owner with { Manager = "other" }, force: false));
        }
    }

    private static void Check(JsonNode? doc, JsonNode? patch, Action run)
    {
        var before = Snapshot(doc, patch);
        try
        {
            run();
        }
        catch (PatchException ex)
        {
            Assert.True(ex.StatusCode is 400 or 413 or 422, ex.Message);
        }

        Assert.Equal(before, Snapshot(doc, patch));
    }

    private static string Snapshot(JsonNode? a, JsonNode? b) => JsonNodes.ToJson(a) + "|" + JsonNodes.ToJson(b);
}
