using System.Text.Json.Nodes;
using Wharf.Controllers.StatefulSet;

namespace Wharf.Controllers.Tests.StatefulSet;

public sealed class ClaimRetentionTests
{
    private static JsonObject Set(string whenDeleted, string whenScaled, int replicas = 2) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "StatefulSet",
        ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "work", ["uid"] = "set-uid" },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["persistentVolumeClaimRetentionPolicy"] = new JsonObject { ["whenDeleted"] = whenDeleted, ["whenScaled"] = whenScaled },
        },
    };

    private static JsonObject Pod(int ordinal, string uid = "pod-uid") => new()
    {
        ["metadata"] = new JsonObject { ["name"] = $"web-{ordinal}", ["namespace"] = "work", ["uid"] = uid },
    };

    private static JsonObject Claim(params JsonObject[] refs) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "data-web-0", ["ownerReferences"] = new JsonArray(refs.Select(r => (JsonNode?)r).ToArray()) },
    };

    private static string Owners(JsonArray refs) =>
        string.Join(",", refs.Select(r => r!["kind"]!.GetValue<string>() + (r["controller"]?.GetValue<bool>() == true ? "*" : "")));

    [Theory]
    [InlineData("Retain/Retain in range: no owners", "Retain", "Retain", 0, "")]
    [InlineData("Retain/Retain scaled away: still none", "Retain", "Retain", 5, "")]
    [InlineData("whenDeleted=Delete: the set", "Delete", "Retain", 0, "StatefulSet*")]
    [InlineData("whenScaled=Delete in range: none yet", "Retain", "Delete", 1, "")]
    [InlineData("whenScaled=Delete scaled away: the pod", "Retain", "Delete", 2, "Pod*")]
    [InlineData("both Delete in range: the set", "Delete", "Delete", 0, "StatefulSet*")]
    [InlineData("both Delete scaled away: the pod only", "Delete", "Delete", 3, "Pod*")]
    public void UpdatedRefs_FollowThePolicy_AndAreThenUpToDate(string _, string whenDeleted, string whenScaled, int ordinal, string expected)
    {
        var set = Set(whenDeleted, whenScaled);
        var pod = Pod(ordinal);
        var claim = Claim();

        var refs = ClaimRetention.UpdatedRefs(claim, set, pod);

        Assert.Equal(expected, Owners(refs));
        Assert.Equal(expected.Length == 0, ClaimRetention.IsUpToDate(claim, set, pod));
        claim["metadata"]!["ownerReferences"] = refs;
        Assert.True(ClaimRetention.IsUpToDate(claim, set, pod));
    }

    [Fact]
    public void AScaleDown_MovesTheReferenceFromTheSetToThePod()
    {
        var pod = Pod(1);
        var claim = Claim();
        claim["metadata"]!["ownerReferences"] = ClaimRetention.UpdatedRefs(claim, Set("Delete", "Delete", replicas: 2), pod);

        var scaled = Set("Delete", "Delete", replicas: 1);

        Assert.False(ClaimRetention.IsUpToDate(claim, scaled, pod));
        Assert.Equal("Pod*", Owners(ClaimRetention.UpdatedRefs(claim, scaled, pod)));
    }

    [Fact]
    public void AnotherControllersClaim_IsLeftAlone_AndOthersRefsAreKept()
    {
        var foreign = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "x", ["uid"] = "x", ["controller"] = true };
        var claim = Claim(foreign);
        var set = Set("Delete", "Retain");

        Assert.True(ClaimRetention.IsUpToDate(claim, set, Pod(0)));
        Assert.Equal("ConfigMap*", Owners(ClaimRetention.UpdatedRefs(claim, set, Pod(0))));
    }

    [Theory]
    [InlineData("a new pod (no uid yet) facing the old pod's claim", "", true)]
    [InlineData("the pod the claim belongs to", "old-uid", false)]
    public void IsStaleFor_SpotsClaimsOfAnEarlierPodOfTheSameName(string _, string podUid, bool stale)
    {
        var oldPodRef = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["name"] = "web-0", ["uid"] = "old-uid", ["controller"] = true };
        var pod = Pod(0, podUid);
        if (podUid.Length == 0) ((JsonObject)pod["metadata"]!).Remove("uid");

        Assert.Equal(stale, ClaimRetention.IsStaleFor(Claim(oldPodRef), pod));
    }
}
