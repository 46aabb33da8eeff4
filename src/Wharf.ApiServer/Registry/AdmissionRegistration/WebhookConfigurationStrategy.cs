using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.AdmissionRegistration;

/// <summary>
/// Validating and mutating webhook configurations (admissionregistration.k8s.io/v1): upstream's defaults (Fail,
/// Equivalent, ten seconds, match everything, port 443) and the rules of validateWebhook that users hit: unique fully
/// qualified names, complete rules, a side-effects class, review versions, a 1–30 s timeout and exactly one of URL or
/// service.
/// </summary>
internal sealed class WebhookConfigurationStrategy(bool mutating) : ResourceStrategy
{
    private static readonly string[] Operations = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
    private static readonly string[] Scopes = ["*", "Cluster", "Namespaced"];
    private static readonly string[] FailurePolicies = ["Fail", "Ignore"];
    private static readonly string[] MatchPolicies = ["Equivalent", "Exact"];
    private static readonly string[] SideEffects = ["None", "NoneOnDryRun"];
    private static readonly string[] ReinvocationPolicies = ["IfNeeded", "Never"];
    private static readonly string[] ReviewVersions = ["v1", "v1beta1"];

    protected override void ApplyDefaults(JsonObject obj)
    {
        foreach (var hook in obj["webhooks"].Objects())
        {
            hook.Default("failurePolicy", "Fail");
            hook.Default("matchPolicy", "Equivalent");
            hook.Default("namespaceSelector", new JsonObject());
            hook.Default("objectSelector", new JsonObject());
            hook.Default("timeoutSeconds", 10);
            if (mutating) hook.Default("reinvocationPolicy", "Never");
            foreach (var rule in hook["rules"].Objects()) rule.Default("scope", "*");
            if (hook["clientConfig"]?["service"] is JsonObject service) service.Default("port", 443);
        }
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var names = new HashSet<string>();
        var index = 0;
        foreach (var hook in obj["webhooks"].Objects())
        {
            var at = $"webhooks[{index++}]";
            var name = hook.Str("name") ?? "";
            FullyQualifiedName(name, $"{at}.name", errors);
            if (name.Length > 0 && !names.Add(name))
                errors.Add(FieldError.Duplicate($"{at}.name", name));
            var ruleIndex = 0;
            foreach (var rule in hook["rules"].Objects())
                Rule(rule, $"{at}.rules[{ruleIndex++}]", errors);
            Enum(hook, "failurePolicy", at, FailurePolicies, errors);
            Enum(hook, "matchPolicy", at, MatchPolicies, errors);
            if (hook.Str("sideEffects") is not { Length: > 0 } sideEffects)
                errors.Add(FieldError.Required($"{at}.sideEffects", "must specify one of None, NoneOnDryRun"));
            else if (Array.IndexOf(SideEffects, sideEffects) < 0)
                errors.Add(FieldError.NotSupported($"{at}.sideEffects", sideEffects, SideEffects));
            if (hook["timeoutSeconds"].Long() is { } timeout and (< 1 or > 30))
                errors.Add(FieldError.Invalid($"{at}.timeoutSeconds", timeout, "the timeout value must be between 1 and 30 seconds"));
            errors.AddRange(LabelSelectorRules.Validate(hook["namespaceSelector"], $"{at}.namespaceSelector"));
            errors.AddRange(LabelSelectorRules.Validate(hook["objectSelector"], $"{at}.objectSelector"));
            if (mutating) Enum(hook, "reinvocationPolicy", at, ReinvocationPolicies, errors);
            ReviewVersionList(hook["admissionReviewVersions"] as JsonArray, $"{at}.admissionReviewVersions", errors);
            ClientConfig(hook["clientConfig"] as JsonObject, $"{at}.clientConfig", errors);
            MatchConditionRules.Validate(hook["matchConditions"], $"{at}.matchConditions", errors);
        }
        return errors;
    }

    /// <summary>IsFullyQualifiedName: a DNS subdomain of at least three labels.</summary>
    private static void FullyQualifiedName(string name, string path, List<FieldError> errors)
    {
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(path));
            return;
        }
        var problems = NameRules.IsDns1123Subdomain(name).ToList();
        if (problems.Count > 0)
        {
            errors.Add(FieldError.Invalid(path, name, string.Join(",", problems)));
            return;
        }
        if (name.Split('.').Length < 3)
            errors.Add(FieldError.Invalid(path, name, "should be a domain with at least three segments separated by dots"));
    }

    private static void Rule(JsonObject rule, string path, List<FieldError> errors)
    {
        var operations = rule["operations"] as JsonArray;
        if (operations is not { Count: > 0 })
            errors.Add(FieldError.Required($"{path}.operations"));
        else
        {
            var index = 0;
            foreach (var operation in operations)
            {
                var value = operation?.ToString() ?? "";
                if (Array.IndexOf(Operations, value) < 0)
                    errors.Add(FieldError.NotSupported($"{path}.operations[{index}]", value, Operations));
                index++;
            }
            if (operations.Count > 1 && operations.Any(o => o?.ToString() == "*"))
                errors.Add(FieldError.Invalid($"{path}.operations", new RawFieldValue(operations.ToJsonString()), "if '*' is present, must not specify other operations"));
        }
        foreach (var list in (ReadOnlySpan<string>)["apiGroups", "apiVersions", "resources"])
            if (rule[list] is not JsonArray { Count: > 0 })
                errors.Add(FieldError.Required($"{path}.{list}"));
        Enum(rule, "scope", path, Scopes, errors);
    }

    private static void ReviewVersionList(JsonArray? versions, string path, List<FieldError> errors)
    {
        if (versions is not { Count: > 0 })
        {
            errors.Add(FieldError.Required(path, "must specify one of v1, v1beta1"));
            return;
        }
        var seen = new HashSet<string>();
        var known = false;
        var index = 0;
        foreach (var version in versions)
        {
            var value = version?.ToString() ?? "";
            if (!seen.Add(value))
                errors.Add(FieldError.Invalid($"{path}[{index}]", value, "duplicate version"));
            known |= Array.IndexOf(ReviewVersions, value) >= 0;
            index++;
        }
        if (!known)
            errors.Add(FieldError.Invalid(path, new RawFieldValue("[]string{" + string.Join(", ", versions.Select(v => $"\"{v}\"")) + "}"), "must include at least one of v1, v1beta1"));
    }

    private static void ClientConfig(JsonObject? config, string path, List<FieldError> errors)
    {
        var url = config.Str("url");
        var service = config?["service"] as JsonObject;
        if ((url is null) == (service is null))
        {
            errors.Add(FieldError.Required(path, "exactly one of url or service is required"));
            return;
        }
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
                errors.Add(FieldError.Invalid($"{path}.url", url, "host must be specified"));
            else
            {
                if (uri.Scheme != "https") errors.Add(FieldError.Invalid($"{path}.url", url, "'https' is the only allowed URL scheme"));
                if (uri.Host.Length == 0) errors.Add(FieldError.Invalid($"{path}.url", url, "host must be specified"));
                if (uri.UserInfo.Length > 0) errors.Add(FieldError.Invalid($"{path}.url", url, "user information is not permitted in the URL"));
                if (uri.Fragment.Length > 0) errors.Add(FieldError.Invalid($"{path}.url", url, "fragments are not permitted in the URL"));
                if (uri.Query.Length > 0) errors.Add(FieldError.Invalid($"{path}.url", url, "query parameters are not permitted in the URL"));
            }
            return;
        }
        if (string.IsNullOrEmpty(service.Str("namespace")))
            errors.Add(FieldError.Required($"{path}.service.namespace", "service namespace is required"));
        if (string.IsNullOrEmpty(service.Str("name")))
            errors.Add(FieldError.Required($"{path}.service.name", "service name is required"));
        if (service.Str("path") is { } servicePath && !servicePath.StartsWith('/'))
            errors.Add(FieldError.Invalid($"{path}.service.path", servicePath, "must start with a '/'"));
        if (service!["port"].Long() is { } port and (< 1 or > 65535))
            errors.Add(FieldError.Invalid($"{path}.service.port", port, $"port is not valid: {NetworkRules.PortRange}"));
    }

    private static void Enum(JsonObject parent, string key, string path, string[] supported, List<FieldError> errors)
    {
        if (parent.Str(key) is { Length: > 0 } value && Array.IndexOf(supported, value) < 0)
            errors.Add(FieldError.NotSupported($"{path}.{key}", value, supported));
    }
}
