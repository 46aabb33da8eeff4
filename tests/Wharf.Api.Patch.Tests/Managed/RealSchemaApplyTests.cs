using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>Apply against the generated 1.32 schema (skipped silently while it has not been generated).</summary>
public sealed class RealSchemaApplyTests
{
    private const string Config = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c1','image':'nginx','ports':[{'containerPort':80}]}]}}}}";

    [Fact]
    public void ApplyThenConflictingApply_UsesRealListKeys()
    {
        if (TestSchemas.Real?.FindKind("apps/v1", "Deployment") is not { } schema)
        {
            return;
        }

        var manager = new FieldManager(schema);
        var owner = new FieldOwner("alice", "apps/v1", DateTimeOffset.UnixEpoch);
        var created = manager.Apply(null, J.Obj(Config), owner, force: false).Object!;
        ManagedFieldsAssert.Owns(created, "alice", "Apply",
            ".spec.template.spec.containers[name=\"c1\"].ports[containerPort=80,protocol=\"TCP\"].containerPort",
            ".spec.selector");

        var result = manager.Apply(created, J.Obj(Config.Replace("'replicas':2", "'replicas':3")), owner with { Manager = "bob" }, force: false);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas", result.ConflictMessage);
    }

    [Fact]
    public void RealSchema_IsLoadedWhenGenerated()
    {
        var generated = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Wharf.Api.Schema", "Generated", "api-schema.json");
        Assert.Equal(File.Exists(generated), TestSchemas.Real is not null);
    }

    [Fact]
    public void RealSchema_ResolvesKindsAndMergeKeys()
    {
        if (TestSchemas.Real is not { } real)
        {
            return;
        }

        var containers = real.FindKind("v1", "Pod")!.Field("spec")!.Field("containers")!;
        Assert.Equal(("name", Wharf.Api.Patch.Schema.ListType.Map), (containers.PatchMergeKey, containers.ListType));
        Assert.True(real.FindKind("apps/v1", "Deployment")!.Field("spec")!.Field("selector")!.IsAtomic);
        Assert.Null(real.FindKind("example.com/v1", "Widget"));
    }
}
