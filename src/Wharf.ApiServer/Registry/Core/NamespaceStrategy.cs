using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>Namespaces: DNS-1123 label names, start Active with the <c>kubernetes</c> finalizer, name label; spec finalizers well named.</summary>
internal sealed class NamespaceStrategy : ResourceStrategy
{
    public NamespaceStrategy()
    {
        NameFormat = NameFormat.Dns1123Label;
        HasStatusSubresource = true;
    }

    protected override void InitialStatus(JsonObject obj)
    {
        obj["status"] = new JsonObject { ["phase"] = "Active" };
        obj.Obj("spec")["finalizers"] = new JsonArray("kubernetes");
    }

    public override bool ReadyToDelete(JsonObject obj) => obj["spec"]?["finalizers"] is not JsonArray { Count: > 0 };

    protected override void ApplyDefaults(JsonObject obj)
    {
        // Upstream labels every namespace with its own name so selectors can pick namespaces by name.
        var name = obj["metadata"].Str("name");
        if (name is not null)
            obj.Obj("metadata").Obj("labels")["kubernetes.io/metadata.name"] = name;
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj) => FinalizerRules.Validate(obj["spec"]?["finalizers"], "spec.finalizers");
}
