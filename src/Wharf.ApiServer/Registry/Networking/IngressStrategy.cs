using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Networking;

/// <summary>
/// Ingresses: rules or a default backend, DNS hosts (wildcards allowed, IPs not), typed absolute paths, backends that
/// name either a service port or a resource, TLS hosts and secret names, a valid class name.
/// </summary>
internal sealed class IngressStrategy : ResourceStrategy
{
    private static readonly string[] PathTypes = ["Exact", "ImplementationSpecific", "Prefix"];

    public IngressStrategy()
    {
        HasStatusSubresource = true;
        TracksGeneration = true;
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        var rules = spec?["rules"] as JsonArray;
        if (spec?["defaultBackend"] is { } defaultBackend)
            foreach (var e in IngressBackendRules.Validate(defaultBackend, "spec.defaultBackend")) yield return e;
        else if (rules is not { Count: > 0 })
            yield return FieldError.Invalid("spec.rules", new RawFieldValue("[]networking.IngressRule(nil)"), "either `defaultBackend` or `rules` must be specified");
        var index = 0;
        foreach (var rule in rules.Objects())
            foreach (var e in Rule(rule, $"spec.rules[{index++}]")) yield return e;
        index = 0;
        foreach (var tls in spec?["tls"].Objects() ?? [])
        {
            var at = $"spec.tls[{index++}]";
            var hostIndex = 0;
            foreach (var host in (tls["hosts"] as JsonArray ?? []).Select(h => h?.ToString() ?? ""))
                foreach (var msg in HostRules.Check(host))
                    yield return FieldError.Invalid($"{at}.hosts[{hostIndex++}]", host, msg);
            if (tls.Str("secretName") is { Length: > 0 } secret)
                foreach (var msg in NameRules.IsDns1123Subdomain(secret))
                    yield return FieldError.Invalid($"{at}.secretName", secret, msg);
        }
        if (spec.Str("ingressClassName") is { } className)
            foreach (var msg in NameRules.IsDns1123Subdomain(className))
                yield return FieldError.Invalid("spec.ingressClassName", className, msg);
    }

    private static IEnumerable<FieldError> Rule(JsonObject rule, string path)
    {
        if (rule.Str("host") is { Length: > 0 } host)
        {
            if (NetworkRules.IsIp(host))
                yield return FieldError.Invalid($"{path}.host", host, "must be a DNS name, not an IP address");
            else
                foreach (var msg in HostRules.Check(host))
                    yield return FieldError.Invalid($"{path}.host", host, msg);
        }
        if (rule["http"] is not JsonObject http) yield break;
        var paths = http["paths"] as JsonArray;
        if (paths is not { Count: > 0 })
        {
            yield return FieldError.Required($"{path}.http.paths");
            yield break;
        }
        var index = 0;
        foreach (var entry in paths.OfType<JsonObject>())
        {
            var at = $"{path}.http.paths[{index++}]";
            var pathType = entry.Str("pathType");
            var value = entry.Str("path") ?? "";
            if (string.IsNullOrEmpty(pathType))
                yield return FieldError.Required($"{at}.pathType", "pathType must be specified");
            else if (!PathTypes.Contains(pathType))
                yield return FieldError.NotSupported($"{at}.pathType", pathType, PathTypes);
            else if ((pathType != "ImplementationSpecific" || value.Length > 0) && !value.StartsWith('/'))
                yield return FieldError.Invalid($"{at}.path", value, "must be an absolute path");
            foreach (var e in IngressBackendRules.Validate(entry["backend"], $"{at}.backend")) yield return e;
        }
    }
}
