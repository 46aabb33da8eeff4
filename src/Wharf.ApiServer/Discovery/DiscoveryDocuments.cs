using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Discovery;

/// <summary>
/// Builds the discovery documents from the catalog: aggregated discovery (apidiscovery.k8s.io/v2) that kubectl
/// asks for first, and the legacy APIVersions / APIGroupList / APIGroup / APIResourceList documents.
/// </summary>
public static class DiscoveryDocuments
{
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    public const string AggregatedBetaContentType = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    /// <summary>The aggregated list for <c>/api</c> (core only) or <c>/apis</c> (every named group).</summary>
    public static JsonObject Aggregated(ResourceCatalog catalog, bool core, string apiVersion = "apidiscovery.k8s.io/v2")
    {
        var items = new JsonArray();
        foreach (var group in catalog.Groups.Where(g => (g.Name.Length == 0) == core))
        {
            var versions = new JsonArray();
            foreach (var version in group.Versions)
            {
                var resources = new JsonArray();
                foreach (var kind in catalog.InGroupVersion(group.Name, version).OrderBy(k => k.Plural, StringComparer.Ordinal))
                    resources.Add(AggregatedResource(kind));
                versions.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }
            var metadata = group.Name.Length == 0 ? new JsonObject { ["creationTimestamp"] = null } : new JsonObject { ["name"] = group.Name, ["creationTimestamp"] = null };
            items.Add(new JsonObject { ["metadata"] = metadata, ["versions"] = versions });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = apiVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject AggregatedResource(ResourceKind kind)
    {
        var resource = new JsonObject
        {
            ["resource"] = kind.Plural,
            ["responseKind"] = Gvk(kind.Group, kind.Version, kind.Kind),
            ["scope"] = kind.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = kind.Singular,
            ["verbs"] = Strings(kind.Verbs),
        };
        if (kind.ShortNames.Count > 0) resource["shortNames"] = Strings(kind.ShortNames);
        if (kind.Categories.Count > 0) resource["categories"] = Strings(kind.Categories);
        if (kind.Subresources.Count > 0)
        {
            var subs = new JsonArray();
            foreach (var sub in kind.Subresources)
            {
                subs.Add(new JsonObject
                {
                    ["subresource"] = sub.Name,
                    ["responseKind"] = Gvk(sub.Group, sub.Version, sub.Kind.Length == 0 ? kind.Kind : sub.Kind),
                    ["verbs"] = Strings(sub.Verbs),
                });
            }
            resource["subresources"] = subs;
        }
        return resource;
    }

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ResourceCatalog catalog)
    {
        var groups = new JsonArray();
        foreach (var group in catalog.Groups.Where(g => g.Name.Length > 0))
            groups.Add(Group(group));
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject Group(ApiGroup group)
    {
        var versions = new JsonArray();
        foreach (var version in group.Versions)
            versions.Add(GroupVersion(group.Name, version));
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group.Name,
            ["versions"] = versions,
            ["preferredVersion"] = GroupVersion(group.Name, group.PreferredVersion),
        };
    }

    public static JsonObject ResourceList(ResourceCatalog catalog, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var kind in catalog.InGroupVersion(group, version).OrderBy(k => k.Plural, StringComparer.Ordinal))
        {
            var entry = new JsonObject
            {
                ["name"] = kind.Plural,
                ["singularName"] = kind.Singular,
                ["namespaced"] = kind.Namespaced,
                ["kind"] = kind.Kind,
                ["verbs"] = Strings(kind.Verbs),
            };
            if (kind.ShortNames.Count > 0) entry["shortNames"] = Strings(kind.ShortNames);
            if (kind.Categories.Count > 0) entry["categories"] = Strings(kind.Categories);
            resources.Add(entry);
            foreach (var sub in kind.Subresources)
            {
                var subEntry = new JsonObject
                {
                    ["name"] = $"{kind.Plural}/{sub.Name}",
                    ["singularName"] = "",
                    ["namespaced"] = kind.Namespaced,
                };
                if (sub.Group != kind.Group || sub.Version != kind.Version)
                {
                    subEntry["group"] = sub.Group;
                    subEntry["version"] = sub.Version;
                }
                subEntry["kind"] = sub.Kind.Length == 0 ? kind.Kind : sub.Kind;
                subEntry["verbs"] = Strings(sub.Verbs);
                resources.Add(subEntry);
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject GroupVersion(string group, string version) =>
        new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };

    private static JsonObject Gvk(string group, string version, string kind) =>
        new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
