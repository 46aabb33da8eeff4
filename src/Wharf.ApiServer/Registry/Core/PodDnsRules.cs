using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// A pod's name resolution as upstream validates it: the DNS policy, the custom dnsConfig (a policy of None needs one
/// with a nameserver; libc's limits of 3 nameservers and 32 search domains) and /etc/hosts aliases.
/// </summary>
internal static class PodDnsRules
{
    private const int MaxNameservers = 3;
    private const int MaxSearchPaths = 32;
    private const int MaxSearchListChars = 2048;
    private static readonly string[] Policies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

    public static void ValidatePolicy(JsonObject spec, string specPath, List<FieldError> errors) =>
        PodSpecValidator.OneOf(spec, "dnsPolicy", specPath, Policies, errors);

    public static void ValidateConfig(JsonObject spec, string specPath, List<FieldError> errors)
    {
        var config = spec["dnsConfig"] as JsonObject;
        var none = spec.Str("dnsPolicy") == "None";
        if (config is null && !none) return;
        var path = $"{specPath}.dnsConfig";
        var nameservers = config?["nameservers"] as JsonArray;
        if (none)
        {
            if (config is null)
            {
                errors.Add(FieldError.Required(path, "must provide `dnsConfig` when `dnsPolicy` is None"));
                return;
            }
            if (nameservers is not { Count: > 0 })
            {
                errors.Add(FieldError.Required($"{path}.nameservers", "must provide at least one DNS nameserver when `dnsPolicy` is None"));
                return;
            }
        }
        if (config is null) return;
        if (nameservers is { Count: > MaxNameservers })
            errors.Add(FieldError.Invalid($"{path}.nameservers", GoStrings(nameservers), $"must not have more than {MaxNameservers} nameservers"));
        var index = 0;
        foreach (var server in nameservers ?? [])
            NetworkRules.ValidIp(server?.ToString(), $"{path}.nameservers[{index++}]", errors);
        if (config["searches"] is JsonArray searches)
        {
            if (searches.Count > MaxSearchPaths)
                errors.Add(FieldError.Invalid($"{path}.searches", GoStrings(searches), $"must not have more than {MaxSearchPaths} search paths"));
            var total = searches.Count > 0 ? searches.Count - 1 : 0;
            foreach (var search in searches) total += search?.ToString().Length ?? 0;
            if (total > MaxSearchListChars)
                errors.Add(FieldError.Invalid($"{path}.searches", GoStrings(searches), $"must not have more than {MaxSearchListChars} characters (including spaces) in the search list"));
            index = 0;
            foreach (var search in searches)
            {
                var domain = (search?.ToString() ?? "").TrimEnd('.');
                foreach (var msg in NameRules.IsDns1123Subdomain(domain))
                    errors.Add(FieldError.Invalid($"{path}.searches[{index}]", domain, msg));
                index++;
            }
        }
        index = 0;
        foreach (var option in config["options"].Objects())
        {
            if (string.IsNullOrEmpty(option.Str("name")))
                errors.Add(FieldError.Required($"{path}.options[{index}]", "must not be empty"));
            index++;
        }
    }

    public static void ValidateHostAliases(JsonNode? aliases, string path, List<FieldError> errors)
    {
        if (aliases is not JsonArray { Count: > 0 }) return;
        var index = 0;
        foreach (var alias in aliases.Objects())
        {
            var at = $"{path}[{index++}]";
            NetworkRules.ValidIp(alias.Str("ip"), $"{at}.ip", errors);
            var hostIndex = 0;
            foreach (var hostname in alias["hostnames"] as JsonArray ?? [])
            {
                var name = hostname?.ToString() ?? "";
                foreach (var msg in NameRules.IsDns1123Subdomain(name))
                    errors.Add(FieldError.Invalid($"{at}.hostnames[{hostIndex}]", name, msg));
                hostIndex++;
            }
        }
    }

    /// <summary>A string list printed as Go prints []string: <c>[]string{"a", "b"}</c>.</summary>
    private static RawFieldValue GoStrings(JsonArray values)
    {
        var parts = new List<string>(values.Count);
        foreach (var value in values) parts.Add($"\"{value}\"");
        return new RawFieldValue("[]string{" + string.Join(", ", parts) + "}");
    }
}
