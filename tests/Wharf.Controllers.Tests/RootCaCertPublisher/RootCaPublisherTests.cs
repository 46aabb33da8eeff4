using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Manager;
using Wharf.Controllers.RootCaCertPublisher;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.RootCaCertPublisher;

public sealed class RootCaPublisherTests
{
    [Fact]
    public async Task RootCaConfigMap_IsPublishedRepairedAndRecreated()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        var ct = CancellationToken.None;
        var pem = server.Host.Pki.Ca.ExportCertificatePem();
        await using var manager = new ManagerHarness(server, new ControllerManagerOptions { LeaderElect = false, Controllers = [ControllerNames.RootCaCertPublisher] });

        await client.CreateAsync(Resource.Namespaces, null, Objects.Namespace("pub"), ct);
        async Task<bool> PublishedAsync()
        {
            var cm = await client.GetAsync(Resource.ConfigMaps, "pub", RootCaPublisher.ConfigMapName, ct);
            return cm["data"]?["ca.crt"]?.ToString() == pem && cm["data"]!.AsObject().Count == 1
                && cm["metadata"]?["annotations"]?[RootCaPublisher.DescriptionAnnotation]?.ToString() == RootCaPublisher.Description;
        }
        await Eventually.HoldsAsync(PublishedAsync, "kube-root-ca.crt is published");

        await client.PatchAsync(Resource.ConfigMaps, "pub", RootCaPublisher.ConfigMapName, PatchType.Merge,
            JsonNode.Parse("""{"data":{"ca.crt":"tampered","extra":"x"}}""")!, null, ct);
        await Eventually.HoldsAsync(PublishedAsync, "a changed kube-root-ca.crt is repaired");

        await client.DeleteAsync(Resource.ConfigMaps, "pub", RootCaPublisher.ConfigMapName, null, ct);
        await Eventually.HoldsAsync(PublishedAsync, "a deleted kube-root-ca.crt is re-created");
    }
}
