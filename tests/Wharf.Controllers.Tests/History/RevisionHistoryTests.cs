using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.History;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.History;

public sealed class RevisionHistoryTests : IAsyncLifetime
{
    private const string Ns = "hist";
    private static readonly CancellationToken Ct = CancellationToken.None;

    private TestApiServer _server = null!;
    private ApiClient _client = null!;
    private EventRecorder _events = null!;
    private SharedInformerFactory _informers = null!;
    private readonly CancellationTokenSource _stop = new();
    private RevisionHistory _history = null!;
    private JsonObject _parent = null!;

    public async Task InitializeAsync()
    {
        _server = await TestApiServer.StartAsync();
        _client = _server.NewClient();
        await _client.CreateAsync(Resource.Namespaces, null, Objects.Namespace(Ns), Ct);
        _events = new EventRecorder(_client, "test");
        _informers = new SharedInformerFactory(_client);
        _history = new RevisionHistory(new ControllerContext(_client, _informers, _events, NullLoggerFactory.Instance, TimeProvider.System));
        _informers.Start(_stop.Token);
        // A real parent so that adoption's owner re-check finds it.
        _parent = await _client.CreateAsync(Resource.ConfigMaps, Ns, Objects.ConfigMap(Ns, "web"), Ct);
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        await _informers.ShutdownAsync();
        await _events.DisposeAsync();
        _client.Dispose();
        await _server.DisposeAsync();
        _stop.Dispose();
    }

    private static JsonNode Data(string image) => new JsonObject { ["spec"] = new JsonObject { ["image"] = image } };

    private JsonObject NewRevision(string image, long number, int? collisions = null) =>
        ControllerRevisions.New(_parent, Resource.ConfigMaps, new JsonObject { ["app"] = "web" }, Data(image), number, collisions);

    [Fact]
    public async Task Create_ReturnsAnExistingRevisionWithEqualData_WithoutCountingACollision()
    {
        var (first, count) = await _history.CreateAsync(_parent, NewRevision("nginx:1", 1), 0, Ct);

        var (again, countAgain) = await _history.CreateAsync(_parent, NewRevision("nginx:1", 2), count, Ct);

        Assert.Equal(0, countAgain);
        Assert.Equal(ObjectMeta.Uid(first), ObjectMeta.Uid(again));
        Assert.Equal("web-" + ControllerRevisions.Hash(Data("nginx:1"), 0), ObjectMeta.Name(first));
    }

    [Fact]
    public async Task Create_OnATrueCollision_BumpsTheCountAndTakesTheNextName()
    {
        // Someone else's data already sits under the name nginx:2 hashes to with count 0.
        var squatter = NewRevision("other", 1);
        squatter["metadata"]!["name"] = "web-" + ControllerRevisions.Hash(Data("nginx:2"), 0);
        await _client.CreateAsync(ControllerRevisions.Resource, Ns, squatter, Ct);

        var (created, count) = await _history.CreateAsync(_parent, NewRevision("nginx:2", 1), 0, Ct);

        Assert.Equal(1, count);
        Assert.Equal("web-" + ControllerRevisions.Hash(Data("nginx:2"), 1), ObjectMeta.Name(created));
        Assert.Equal(ControllerRevisions.Hash(Data("nginx:2"), 1), ObjectMeta.Label(created, ControllerRevisions.HashLabel));
    }

    [Fact]
    public async Task ListOwned_AdoptsMatchingOrphans_ReleasesOwnNonMatching_IgnoresOthers()
    {
        var (own, _) = await _history.CreateAsync(_parent, NewRevision("nginx:1", 1), 0, Ct);
        var orphan = NewRevision("nginx:2", 2);
        ((JsonObject)orphan["metadata"]!).Remove("ownerReferences");
        await _client.CreateAsync(ControllerRevisions.Resource, Ns, orphan, Ct);
        var strayed = NewRevision("nginx:3", 3);
        strayed["metadata"]!["labels"]!["app"] = "other";
        await _client.CreateAsync(ControllerRevisions.Resource, Ns, strayed, Ct);
        var foreign = NewRevision("nginx:4", 4);
        foreign["metadata"]!["ownerReferences"]![0]!["uid"] = "someone-else";
        await _client.CreateAsync(ControllerRevisions.Resource, Ns, foreign, Ct);
        await Eventually.HoldsAsync(() => _history.Informer.Store.Count == 4, "the informer sees all four");

        var owned = await _history.ListOwnedAsync(_parent, Resource.ConfigMaps, SelectorMatcher.FromMap(new JsonObject { ["app"] = "web" }), Ct);

        Assert.Equal(["nginx:1", "nginx:2"], ControllerRevisions.Sort(owned).Select(r => r["data"]!["spec"]!["image"]!.GetValue<string>()));
        var adopted = await _client.GetAsync(ControllerRevisions.Resource, Ns, ObjectMeta.Name(orphan)!, Ct);
        Assert.Equal(ObjectMeta.Uid(_parent), OwnerReferences.ControllerOf(adopted)?["uid"].Str());
        var released = await _client.GetAsync(ControllerRevisions.Resource, Ns, ObjectMeta.Name(strayed)!, Ct);
        Assert.Null(OwnerReferences.ControllerOf(released));
        Assert.Equal(ObjectMeta.Uid(own), ObjectMeta.Uid(owned.Single(r => ObjectMeta.Name(r) == ObjectMeta.Name(own))));
    }

    [Fact]
    public async Task UpdateRevision_RenumbersAndTruncate_DeletesOldHistoryButNotLive()
    {
        var created = new List<JsonObject>();
        for (var i = 1; i <= 4; i++) created.Add((await _history.CreateAsync(_parent, NewRevision("v" + i, i), 0, Ct)).Revision);

        var renumbered = await _history.UpdateRevisionAsync(created[0], 5, Ct);
        Assert.Equal(5, ControllerRevisions.Revision(renumbered));
        Assert.Equal(5, ControllerRevisions.Revision(await _client.GetAsync(ControllerRevisions.Resource, Ns, ObjectMeta.Name(created[0])!, Ct)));

        var sorted = ControllerRevisions.Sort([.. created.Skip(1), renumbered]);
        await _history.TruncateAsync(sorted, new HashSet<string> { ObjectMeta.Name(created[1])! }, 1, Ct);

        var left = (await _client.ListAsync(ControllerRevisions.Resource, Ns, null, Ct))["items"]!.AsArray().Select(r => ObjectMeta.Name(r!.AsObject())).ToHashSet();
        Assert.Equal(new HashSet<string?> { ObjectMeta.Name(created[1]), ObjectMeta.Name(created[0]) }, left);
    }
}
