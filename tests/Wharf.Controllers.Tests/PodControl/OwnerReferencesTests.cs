using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.PodControl;

public sealed class OwnerReferencesTests
{
    [Theory]
    [InlineData("apps/v1", "ReplicaSet", true)]
    [InlineData("apps/v1beta2", "ReplicaSet", true)]
    [InlineData("extensions/v1beta1", "ReplicaSet", false)]
    [InlineData("apps/v1", "Deployment", false)]
    [InlineData("v1", "ReplicaSet", false)]
    [InlineData(null, "ReplicaSet", false)]
    [InlineData("apps", "ReplicaSet", false)]
    public void RefersTo_ComparesGroupAndKind(string? apiVersion, string kind, bool expected)
    {
        var reference = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["name"] = "web", ["uid"] = "u" };

        Assert.Equal(expected, OwnerReferences.RefersTo(reference, Resource.ReplicaSets));
    }

    [Theory]
    [InlineData("v1", true)]
    [InlineData("apps/v1", false)]
    [InlineData(null, true)]
    public void RefersTo_TheCoreGroup_IsAnApiVersionWithoutSlash(string? apiVersion, bool expected)
    {
        var reference = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "Pod" };

        Assert.Equal(expected, OwnerReferences.RefersTo(reference, Resource.Pods));
    }
}
