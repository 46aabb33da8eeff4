using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.ApiServer.Admission;
using Wharf.ApiServer.Allocation;
using Wharf.ApiServer.Hosting;
using Wharf.ApiServer.Patching;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.Tests.Support;

/// <summary>
/// A <see cref="ResourceStore"/> over a real SQLite store in a temp directory with the server's real admission plugins
/// (NamespaceLifecycle, ServiceAllocator following the store). The <c>default</c> namespace exists unless asked otherwise.
/// </summary>
internal sealed class StoreHarness : IAsyncDisposable
{
    public const string ServiceCidr = "10.43.0.0/16";

    private readonly TempDirectory _directory;
    private CancellationTokenSource _allocatorStop = new();
    private Task _allocatorLoop = Task.CompletedTask;

    private StoreHarness(TempDirectory directory) => _directory = directory;

    public ResourceCatalog Catalog { get; } = BuiltInResources.CreateCatalog();
    public SqliteStorageBackend Storage { get; private set; } = null!;
    public ServiceAllocator Allocator { get; private set; } = null!;
    public ResourceStore Store { get; private set; } = null!;

    public static async Task<StoreHarness> OpenAsync(bool withDefaultNamespace = true)
    {
        var harness = new StoreHarness(new TempDirectory());
        await harness.StartAsync();
        if (withDefaultNamespace)
            await harness.CreateNamespaceAsync("default");
        return harness;
    }

    /// <summary>Closes the store and opens it again from the same directory, with a fresh allocator (a server restart).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public ResourceKind Kind(string plural, string group = "", string version = "v1") =>
        Catalog.Find(group, version, plural) ?? throw new ArgumentException($"no resource {group}/{version}/{plural}");

    public Task<JsonObject> CreateNamespaceAsync(string name) =>
        Store.CreateAsync(Kind("namespaces"), null, Json.Obj($"{{'metadata':{{'name':'{name}'}}}}"), WriteOptions.Default, CancellationToken.None);

    public Task<JsonObject> CreateAsync(string plural, string? ns, string json, WriteOptions? options = null, string group = "") =>
        Store.CreateAsync(Kind(plural, group), ns, Json.Obj(json), options ?? WriteOptions.Default, CancellationToken.None);

    public Task<JsonObject> GetAsync(string plural, string? ns, string name, string group = "") =>
        Store.GetAsync(Kind(plural, group), ns, name, CancellationToken.None);

    public Task<JsonObject?> TryGetAsync(string plural, string? ns, string name, string group = "") =>
        Store.TryGetAsync(Kind(plural, group), ns, name, CancellationToken.None);

    public static JsonObject ConfigMap(string name, string data = "{}") => Json.Obj($"{{'metadata':{{'name':'{name}'}},'data':{data}}}");

    public const string PodJson = "{'metadata':{'name':'NAME'},'spec':{'containers':[{'name':'c','image':'nginx:1.27'}]}}";

    private async Task StartAsync()
    {
        Storage = await SqliteStorageBackend.OpenAsync(new SqliteStorageOptions { DataDirectory = _directory.Path, CompactInterval = TimeSpan.Zero });
        Allocator = new ServiceAllocator(Cidr.Parse(ServiceCidr), PortRange.Default, NullLogger<ServiceAllocator>.Instance);
        var time = TimeProvider.System;
        Store = new ResourceStore(Storage, time, [new NamespaceLifecycle(Storage), Allocator], new ManagedFieldsTracker(time), new AuthoritativeStorage(Storage));
        _allocatorStop = new CancellationTokenSource();
        _allocatorLoop = Allocator.RunAsync(Storage, _allocatorStop.Token);
    }

    private async Task StopAsync()
    {
        await _allocatorStop.CancelAsync();
        await _allocatorLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _allocatorStop.Dispose();
        await Storage.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }
}
