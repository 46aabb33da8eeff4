using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;

namespace Wharf.Controllers.ServiceAccount;

/// <summary>
/// Makes sure every active namespace has its service accounts (<c>default</c>), re-creating them when deleted
/// (upstream's ServiceAccountsController). Keys are namespace names.
/// </summary>
public sealed class ServiceAccountsController : IController
{
    public const string DefaultServiceAccount = "default";
    private const string NamespaceTerminatingCause = "NamespaceTerminating";

    private readonly ISharedIndexInformer _serviceAccounts;
    private readonly ISharedIndexInformer _namespaces;
    private readonly WorkQueue<string> _queue;
    private readonly IApiClient _client;
    private readonly IReadOnlyList<string> _names;
    private readonly ILogger _logger;

    public ServiceAccountsController(ControllerContext context, IReadOnlyList<string>? serviceAccounts = null)
    {
        _client = context.Client;
        _names = serviceAccounts ?? [DefaultServiceAccount];
        _logger = context.LoggerFactory.CreateLogger<ServiceAccountsController>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        _serviceAccounts = context.Informers.ForResource(Resource.ServiceAccounts);
        _serviceAccounts.AddEventHandler(new ResourceEventHandler { OnDelete = sa => EnqueueNamespace(ObjectMeta.Namespace(sa)) });
        _namespaces = context.Informers.ForResource(Resource.Namespaces);
        _namespaces.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = ns => EnqueueNamespace(ObjectMeta.Name(ns)),
            OnUpdate = (_, ns) => EnqueueNamespace(ObjectMeta.Name(ns)),
        });
    }

    public string Name => ControllerNames.ServiceAccount;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_serviceAccounts, _namespaces], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var ns = _namespaces.Store.Get(key);
        if (ns is null || ns["status"]?["phase"].Str() != "Active") return;
        var failures = new List<string>();
        foreach (var name in _names)
        {
            if (_serviceAccounts.Store.Get(key, name) is not null) continue;
            var sa = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ServiceAccount",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = key },
            };
            try
            {
                await _client.CreateAsync(Resource.ServiceAccounts, key, sa, ct);
            }
            catch (ApiException e) when (e.IsAlreadyExists || e.HasCause(NamespaceTerminatingCause))
            {
                // Someone else made it, or the namespace is going away: nothing to do either way.
            }
            catch (ApiException e)
            {
                failures.Add(e.Message);
            }
        }
        if (failures.Count > 0) throw new InvalidOperationException(string.Join("; ", failures));
    }

    private void EnqueueNamespace(string? ns)
    {
        if (!string.IsNullOrEmpty(ns)) _queue.Add(ns);
    }
}
