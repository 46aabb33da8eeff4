using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;

namespace Wharf.ApiServer.Hosting;

/// <summary>
/// Creates what every cluster has from its first start: the system namespaces and the <c>kubernetes</c> Service in
/// <c>default</c> (first service IP, port 443) with endpoints pointing at this server; the endpoints follow the
/// server's address and port on every start; and the <c>kube-dns</c> Service at the cluster DNS address, answered by
/// the DNS server built into every node agent.
/// </summary>
public static class SystemBootstrap
{
    public static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>Marks a Service whose cluster IP is served by a process on every node itself, not through NAT.</summary>
    public const string NodeLocalLabel = "wharf.io/node-local";

    public static async Task EnsureAsync(ResourceStore store, ResourceCatalog catalog, System.Net.IPAddress serviceIp,
        System.Net.IPAddress advertise, int port, System.Net.IPAddress? clusterDns, CancellationToken ct)
    {
        var namespaces = catalog.Find("", "v1", "namespaces")!;
        foreach (var name in SystemNamespaces)
        {
            if (await store.TryGetAsync(namespaces, null, name, ct) is not null) continue;
            try
            {
                await store.CreateAsync(namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, WriteOptions.Default, ct);
            }
            catch (StatusException e) when (e.Code == 409)
            {
                // Created concurrently by another server.
            }
        }
        await EnsureKubernetesServiceAsync(store, catalog, serviceIp, advertise, port, ct);
        await EnsurePriorityClassesAsync(store, catalog, ct);
        if (clusterDns is not null)
            await EnsureClusterDnsServiceAsync(store, catalog, clusterDns, ct);
    }

    /// <summary>
    /// kube-dns in kube-system, for the tools and pods that look for it: no selector and no endpoints, because every
    /// node answers on the cluster IP itself (the service CIDR is a local route there), labelled so the proxy leaves
    /// that address alone.
    /// </summary>
    private static async Task EnsureClusterDnsServiceAsync(ResourceStore store, ResourceCatalog catalog, System.Net.IPAddress clusterDns, CancellationToken ct)
    {
        var services = catalog.Find("", "v1", "services")!;
        if (await store.TryGetAsync(services, "kube-system", "kube-dns", ct) is not null) return;
        static JsonObject Port(string name, int number, string protocol) =>
            new() { ["name"] = name, ["port"] = number, ["protocol"] = protocol, ["targetPort"] = number };
        await CreateIgnoringConflictAsync(store, services, "kube-system", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "kube-dns",
                ["namespace"] = "kube-system",
                ["labels"] = new JsonObject
                {
                    ["k8s-app"] = "kube-dns",
                    ["kubernetes.io/cluster-service"] = "true",
                    ["kubernetes.io/name"] = "Wharf-DNS",
                    [NodeLocalLabel] = "true",
                },
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["clusterIP"] = clusterDns.ToString(),
                ["clusterIPs"] = new JsonArray(clusterDns.ToString()),
                ["ports"] = new JsonArray(Port("dns", 53, "UDP"), Port("dns-tcp", 53, "TCP")),
                ["sessionAffinity"] = "None",
            },
        }, ct);
    }

    /// <summary>The two built-in PriorityClasses upstream's scheduling bootstrap creates.</summary>
    private static async Task EnsurePriorityClassesAsync(ResourceStore store, ResourceCatalog catalog, CancellationToken ct)
    {
        var kind = catalog.Find("scheduling.k8s.io", "v1", "priorityclasses")!;
        foreach (var (name, value, description) in new[]
                 {
                     (Admission.PodPriority.SystemNodeCritical, 2000001000L, "Used for system critical pods that must not be moved from their current node."),
                     (Admission.PodPriority.SystemClusterCritical, 2000000000L, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
                 })
        {
            if (await store.TryGetAsync(kind, null, name, ct) is not null) continue;
            await CreateIgnoringConflictAsync(store, kind, null, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name },
                ["value"] = value,
                ["description"] = description,
                ["preemptionPolicy"] = "PreemptLowerPriority",
            }, ct);
        }
    }

    private static async Task EnsureKubernetesServiceAsync(ResourceStore store, ResourceCatalog catalog, System.Net.IPAddress serviceIp,
        System.Net.IPAddress advertise, int port, CancellationToken ct)
    {
        var services = catalog.Find("", "v1", "services")!;
        var labels = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" };
        if (await store.TryGetAsync(services, "default", "kubernetes", ct) is null)
        {
            var service = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "kubernetes", ["namespace"] = "default", ["labels"] = labels.DeepClone() },
                ["spec"] = new JsonObject
                {
                    ["type"] = "ClusterIP",
                    ["clusterIP"] = serviceIp.ToString(),
                    ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = port }),
                    ["sessionAffinity"] = "None",
                },
            };
            await CreateIgnoringConflictAsync(store, services, "default", service, ct);
        }
        var endpoints = catalog.Find("", "v1", "endpoints")!;
        var desiredSubsets = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["ip"] = advertise.ToString() }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
        });
        var existing = await store.TryGetAsync(endpoints, "default", "kubernetes", ct);
        if (existing is null)
        {
            await CreateIgnoringConflictAsync(store, endpoints, "default", new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "kubernetes", ["namespace"] = "default", ["labels"] = new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" } },
                ["subsets"] = desiredSubsets,
            }, ct);
        }
        else if (!JsonNode.DeepEquals(existing["subsets"], desiredSubsets))
        {
            await store.GuaranteedUpdateAsync(endpoints, "default", "kubernetes", null, e =>
            {
                e["subsets"] = desiredSubsets.DeepClone();
                return e;
            }, WriteOptions.Default, ct);
        }
    }

    private static async Task CreateIgnoringConflictAsync(ResourceStore store, ResourceKind kind, string? ns, JsonObject obj, CancellationToken ct)
    {
        try
        {
            await store.CreateAsync(kind, ns, obj, WriteOptions.Default with { FieldManager = "wharf-apiserver" }, ct);
        }
        catch (StatusException e) when (e.Code == 409)
        {
            // Created concurrently by another server.
        }
    }
}
