using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Networking;

/// <summary>IngressClasses: a domain-prefixed controller that never changes, parameters with a scope that fits.</summary>
internal sealed class IngressClassStrategy : ResourceStrategy
{
    private const int MaxControllerLength = 250;

    protected override void ApplyDefaults(JsonObject obj)
    {
        if (obj["spec"]?["parameters"] is JsonObject parameters)
            parameters.Default("scope", "Cluster");
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        var controller = spec.Str("controller");
        if (string.IsNullOrEmpty(controller))
            yield return FieldError.Required("spec.controller");
        else
        {
            if (controller.Length > MaxControllerLength)
                yield return FieldError.TooLong("spec.controller", MaxControllerLength);
            foreach (var e in FieldRules.DomainPrefixedPath(controller, "spec.controller")) yield return e;
        }
        if (spec?["parameters"] is not JsonObject parameters) yield break;
        foreach (var e in IngressBackendRules.TypedReference(parameters, "spec.parameters")) yield return e;
        var scope = parameters.Str("scope");
        var ns = parameters.Str("namespace");
        switch (scope)
        {
            case "Namespace":
                if (string.IsNullOrEmpty(ns))
                    yield return FieldError.Required("spec.parameters.namespace", "`parameters.scope` is set to 'Namespace'");
                else
                    foreach (var msg in NameRules.IsDns1123Label(ns))
                        yield return FieldError.Invalid("spec.parameters.namespace", ns, msg);
                break;
            case "Cluster":
                if (ns is not null)
                    yield return FieldError.Forbidden("spec.parameters.namespace", "`parameters.scope` is set to 'Cluster'");
                break;
            default:
                yield return FieldError.NotSupported("spec.parameters.scope", scope ?? "", ["Cluster", "Namespace"]);
                break;
        }
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old) =>
        FieldRules.Unchanged(obj["spec"]?["controller"], old["spec"]?["controller"], "spec.controller");
}
