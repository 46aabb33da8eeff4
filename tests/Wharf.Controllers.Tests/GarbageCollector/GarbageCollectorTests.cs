using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Manager;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.GarbageCollector;

public sealed class GarbageCollectorTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static JsonObject Dependent(string name, JsonObject owner, bool block) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "default",
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
                ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
                ["blockOwnerDeletion"] = block,
            }),
        },
        ["data"] = new JsonObject { ["k"] = "v" },
    };

    private static async Task<JsonObject?> TryGetAsync(IApiClient client, string name)
    {
        try
        {
            return await client.GetAsync(Resource.ConfigMaps, "default", name, Ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private static async Task<(TestApiServer Server, ApiClient Client, ManagerHarness Manager)> StartAsync()
    {
        var server = await TestApiServer.StartAsync();
        var client = server.NewClient();
        var manager = new ManagerHarness(server, new ControllerManagerOptions { LeaderElect = false, Controllers = [ControllerNames.GarbageCollector] });
        return (server, client, manager);
    }

    [Theory]
    [InlineData("Background")]
    [InlineData("Foreground")]
    public async Task DeletingOwner_DeletesDependents(string policy)
    {
        var (server, client, manager) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await using var ___ = manager;
        var owner = await client.CreateAsync(Resource.ConfigMaps, "default", Objects.ConfigMap("default", "owner"), Ct);
        await client.CreateAsync(Resource.ConfigMaps, "default", Dependent("blocking", owner, block: true), Ct);
        await client.CreateAsync(Resource.ConfigMaps, "default", Dependent("plain", owner, block: false), Ct);

        await client.DeleteAsync(Resource.ConfigMaps, "default", "owner", new DeleteOptions { PropagationPolicy = policy }, Ct);
        if (policy == "Foreground")
        {
            // The owner stays, marked, until its blocking dependent is gone.
            var marked = await TryGetAsync(client, "owner");
            Assert.Contains("foregroundDeletion", marked!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        }

        await Eventually.HoldsAsync(async () => await TryGetAsync(client, "blocking") is null && await TryGetAsync(client, "plain") is null
            && await TryGetAsync(client, "owner") is null, "owner and dependents are gone", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task OrphanDeletion_KeepsDependentsWithoutTheReference()
    {
        var (server, client, manager) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await using var ___ = manager;
        var owner = await client.CreateAsync(Resource.ConfigMaps, "default", Objects.ConfigMap("default", "rs"), Ct);
        var other = await client.CreateAsync(Resource.ConfigMaps, "default", Objects.ConfigMap("default", "other-owner"), Ct);
        var dependent = Dependent("pod", owner, block: true);
        dependent["metadata"]!["ownerReferences"]!.AsArray().Add(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "other-owner", ["uid"] = other["metadata"]!["uid"]!.GetValue<string>(),
        });
        await client.CreateAsync(Resource.ConfigMaps, "default", dependent, Ct);

        await client.DeleteAsync(Resource.ConfigMaps, "default", "rs", new DeleteOptions { PropagationPolicy = "Orphan" }, Ct);

        await Eventually.HoldsAsync(async () => await TryGetAsync(client, "rs") is null, "the orphaning owner is deleted", TimeSpan.FromSeconds(20));
        var kept = await TryGetAsync(client, "pod");
        Assert.NotNull(kept);
        var refs = kept!["metadata"]!["ownerReferences"]!.AsArray();
        Assert.Equal(["other-owner"], refs.Select(r => r!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DanglingReference_WithUidMismatch_IsCollected_AndSolidOwnerKeepsItsDependent()
    {
        var (server, client, manager) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await using var ___ = manager;
        var owner = await client.CreateAsync(Resource.ConfigMaps, "default", Objects.ConfigMap("default", "live"), Ct);
        await client.CreateAsync(Resource.ConfigMaps, "default", Dependent("kept", owner, block: false), Ct);
        // Names an existing object but with another uid: the owner it meant is gone.
        var impostor = owner.DeepClone().AsObject();
        impostor["metadata"]!["uid"] = "00000000-0000-0000-0000-000000000001";
        await client.CreateAsync(Resource.ConfigMaps, "default", Dependent("dangling", impostor, block: false), Ct);
        var ghost = Objects.ConfigMap("default", "never-existed");
        ghost["metadata"]!["uid"] = "00000000-0000-0000-0000-000000000002";
        await client.CreateAsync(Resource.ConfigMaps, "default", Dependent("orphan-of-ghost", ghost, block: false), Ct);

        await Eventually.HoldsAsync(async () => await TryGetAsync(client, "dangling") is null && await TryGetAsync(client, "orphan-of-ghost") is null,
            "dependents of absent owners are collected", TimeSpan.FromSeconds(20));
        Assert.NotNull(await TryGetAsync(client, "kept"));
        Assert.NotNull(await TryGetAsync(client, "live"));
    }

    [Theory]
    [InlineData("collector-alone", new[] { ControllerNames.GarbageCollector })]
    [InlineData("with-deployment-controller", new[] { ControllerNames.GarbageCollector, ControllerNames.Deployment })]
    public async Task DeletingReplicaSet_CollectsItsPods_FromTheManagersSharedInformers(string _, string[] controllers)
    {
        // Pods and ReplicaSets come from the manager's shared informers: created by the collector when it runs alone,
        // the Deployment controller's when it runs too. No ReplicaSet controller runs, so only the collector deletes.
        await using var server = await TestApiServer.StartAsync();
        using var client = server.NewClient();
        await using var manager = new ManagerHarness(server, new ControllerManagerOptions { LeaderElect = false, Controllers = controllers });
        var rs = await client.CreateAsync(Resource.ReplicaSets, "default", Workloads.ReplicaSet("default", "rs", 0, "web"), Ct);
        var pod = Workloads.Pod("default", "owned", "web");
        pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "rs", ["uid"] = rs["metadata"]!["uid"]!.GetValue<string>(),
            ["controller"] = true, ["blockOwnerDeletion"] = true,
        });
        await client.CreateAsync(Resource.Pods, "default", pod, Ct);
        await client.CreateAsync(Resource.Pods, "default", Workloads.Pod("default", "unowned", "web"), Ct);

        await client.DeleteAsync(Resource.ReplicaSets, "default", "rs", new DeleteOptions { PropagationPolicy = "Foreground" }, Ct);

        await Eventually.HoldsAsync(async () => await TryGetPodAsync(client, "owned") is null, "the ReplicaSet's pod is collected", TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(async () => await TryGetAsync(client, Resource.ReplicaSets, "rs") is null,
            "the owner goes once its blocking dependent is gone", TimeSpan.FromSeconds(20));
        Assert.NotNull(await TryGetPodAsync(client, "unowned"));
    }

    private static Task<JsonObject?> TryGetPodAsync(IApiClient client, string name) => TryGetAsync(client, Resource.Pods, name);

    private static async Task<JsonObject?> TryGetAsync(IApiClient client, Resource resource, string name)
    {
        try
        {
            return await client.GetAsync(resource, "default", name, Ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    [Fact]
    public async Task CollectorAndControllers_OpenOneWatchPerSharedResource()
    {
        await using var server = await TestApiServer.StartAsync();
        await using var manager = new ManagerHarness(server, new ControllerManagerOptions
        {
            LeaderElect = false,
            Controllers = [ControllerNames.GarbageCollector, ControllerNames.Deployment, ControllerNames.ReplicaSet],
        });

        // The collector's discovery and lists take a moment; until then fewer watches are open, never more.
        await Eventually.HoldsAsync(async () => await WatchersAsync(server, "configmaps") == 1, "the collector watches ConfigMaps (its own)",
            TimeSpan.FromSeconds(20));
        Assert.Equal(1, await WatchersAsync(server, "pods"));
        Assert.Equal(1, await WatchersAsync(server, "replicasets"));
        Assert.Equal(1, await WatchersAsync(server, "deployments"));
    }

    /// <summary>Open WATCH requests on a resource, from the server's own gauge.</summary>
    private static async Task<int> WatchersAsync(TestApiServer server, string resource)
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [server.Host.Pki.Admin];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler) { BaseAddress = server.Host.Url };
        var text = await http.GetStringAsync("/metrics", Ct);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("apiserver_longrunning_requests{", StringComparison.Ordinal)
            && l.Contains("verb=\"WATCH\"", StringComparison.Ordinal) && l.Contains($"resource=\"{resource}\"", StringComparison.Ordinal));
        return line is null ? 0 : (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
