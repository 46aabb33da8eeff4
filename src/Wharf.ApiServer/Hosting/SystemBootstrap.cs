using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;

namespace Wharf.ApiServer.Hosting;

/// <summary>Creates what every cluster has from its first start: the system namespaces.</summary>
public static class SystemBootstrap
{
    public static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(ResourceStore store, ResourceCatalog catalog, CancellationToken ct)
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
    }
}
