using System.Text.Json.Nodes;
using Wharf.Api.Patch.Managed;
using Wharf.ApiServer.Patching;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.NodeJoin;

namespace Wharf.ApiServer.Tests.Patching;

/// <summary>
/// The managedFields shortcut must give exactly what the full field manager gives: each case creates an object as
/// manager "m1", changes it, and tracks the update both ways (an hour later, so the time stamp shows).
/// </summary>
public sealed class OwnedValueUpdateTests
{
    private static readonly ResourceCatalog Catalog = BuiltInResources.CreateCatalog();
    private static readonly DateTimeOffset Created = new(2026, 11, 26, 5, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Updated = Created.AddHours(1);

    private const string ConfigMap = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"default","uid":"u1","labels":{"app":"a"},"finalizers":["x/y"]},
         "data":{"generation":"1","payload":"p"}}
        """;

    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default","uid":"u2"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},
         "spec":{"containers":[{"name":"c","image":"nginx:1"}]}}},"status":{"replicas":1}}
        """;

    public static TheoryData<string, string, string, Action<JsonObject>, bool> Cases => new()
    {
        { "owned data value changed", ConfigMap, "m1", o => o["data"]!["generation"] = "2", true },
        { "owned label value changed", ConfigMap, "m1", o => o["metadata"]!["labels"]!["app"] = "b", true },
        { "owned number changed on a typed kind", Deployment, "m1", o => o["spec"]!["replicas"] = 3, true },
        { "data key added", ConfigMap, "m1", o => o["data"]!["extra"] = "e", false },
        { "data key removed", ConfigMap, "m1", o => o["data"]!.AsObject().Remove("payload"), false },
        { "list changed", ConfigMap, "m1", o => o["metadata"]!["finalizers"] = new JsonArray("x/z"), false },
        { "list item changed on a typed kind", Deployment, "m1", o => o["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:2", false },
        { "another manager", ConfigMap, "m2", o => o["data"]!["generation"] = "2", false },
        { "value type changed", ConfigMap, "m1", o => o["data"]!["generation"] = 2, false },
        { "nothing changed", ConfigMap, "m1", _ => { }, false },
        { "server-owned field changed", ConfigMap, "m1", o => o["metadata"]!["uid"] = "u9", false },
        { "managedFields sent empty", ConfigMap, "m1", o => o["metadata"]!["managedFields"] = new JsonArray(), false },
        { "status changed on a kind with a status subresource", Deployment, "m1", o => o["status"]!["replicas"] = 2, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Shortcut_GivesWhatTheFieldManagerGives(string name, string json, string manager, Action<JsonObject> change, bool shortcutApplies)
    {
        var kind = KindOf(json);
        var live = new ManagedFieldsTracker(new FixedTime(Created), useShortcuts: false)
            .TrackUpdate(kind, null, JsonNode.Parse(json)!.AsObject(), null, Options("m1"));
        var updated = live.DeepClone().AsObject();
        updated["metadata"]!.AsObject().Remove("managedFields");
        change(updated);

        var full = new ManagedFieldsTracker(new FixedTime(Updated), useShortcuts: false)
            .TrackUpdate(kind, live, updated.DeepClone().AsObject(), null, Options(manager));
        var shortcut = new ManagedFieldsTracker(new FixedTime(Updated))
            .TrackUpdate(kind, live, updated.DeepClone().AsObject(), null, Options(manager));
        var taken = OwnedValueUpdate.TryTrack(live, updated.DeepClone().AsObject(), new FieldOwner(manager, kind.GroupVersion, Updated));

        Assert.True(shortcutApplies == taken, $"{name}: shortcut taken = {taken}");
        Assert.Equal(full.ToJsonString(), shortcut.ToJsonString());
    }

    [Fact]
    public void Shortcut_StampsTheUpdateTime()
    {
        var kind = KindOf(ConfigMap);
        var live = new ManagedFieldsTracker(new FixedTime(Created), useShortcuts: false)
            .TrackUpdate(kind, null, JsonNode.Parse(ConfigMap)!.AsObject(), null, Options("m1"));
        var updated = live.DeepClone().AsObject();
        updated["data"]!["generation"] = "2";

        Assert.True(OwnedValueUpdate.TryTrack(live, updated, new FieldOwner("m1", "v1", Updated)));
        Assert.Equal("2026-11-26T06:00:00Z", updated["metadata"]!["managedFields"]![0]!["time"]!.GetValue<string>());
        Assert.Equal("2026-11-26T05:00:00Z", live["metadata"]!["managedFields"]![0]!["time"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("sent back unchanged", "unchanged", true)]
    [InlineData("sent back with another time", "retimed", false)]
    public void Shortcut_TakesManagedFieldsSentBackOnlyWhenUnchanged(string name, string variant, bool shortcutApplies)
    {
        var kind = KindOf(ConfigMap);
        var live = new ManagedFieldsTracker(new FixedTime(Created), useShortcuts: false)
            .TrackUpdate(kind, null, JsonNode.Parse(ConfigMap)!.AsObject(), null, Options("m1"));
        var updated = live.DeepClone().AsObject();
        updated["data"]!["generation"] = "2";
        if (variant == "retimed")
            updated["metadata"]!["managedFields"]![0]!["time"] = "2026-01-01T00:00:00Z";

        var full = new ManagedFieldsTracker(new FixedTime(Updated), useShortcuts: false)
            .TrackUpdate(kind, live, updated.DeepClone().AsObject(), null, Options("m1"));
        var shortcut = new ManagedFieldsTracker(new FixedTime(Updated))
            .TrackUpdate(kind, live, updated.DeepClone().AsObject(), null, Options("m1"));

        Assert.True(shortcutApplies == OwnedValueUpdate.TryTrack(live, updated.DeepClone().AsObject(), new FieldOwner("m1", "v1", Updated)), name);
        Assert.Equal(full.ToJsonString(), shortcut.ToJsonString());
    }

    private static ResourceKind KindOf(string json)
    {
        var obj = JsonNode.Parse(json)!;
        var apiVersion = obj["apiVersion"]!.GetValue<string>();
        var slash = apiVersion.IndexOf('/');
        return Catalog.FindByKind(slash < 0 ? "" : apiVersion[..slash], slash < 0 ? apiVersion : apiVersion[(slash + 1)..], obj["kind"]!.GetValue<string>())!;
    }

    private static WriteOptions Options(string manager) => WriteOptions.Default with { FieldManager = manager };
}
