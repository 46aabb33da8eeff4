using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Client.Queue;
using Wharf.Client.Rest;

namespace Wharf.Controllers.RootCaCertPublisher;

/// <summary>
/// Publishes the cluster CA as ConfigMap <c>kube-root-ca.crt</c> (key <c>ca.crt</c>) in every namespace not being
/// deleted, and puts it back when it is changed or deleted (upstream's root-ca-cert-publisher). Keys are namespaces.
/// </summary>
public sealed class RootCaPublisher : IController
{
    public const string ConfigMapName = "kube-root-ca.crt";
    public const string DataKey = "ca.crt";
    public const string DescriptionAnnotation = "kubernetes.io/description";
    public const string Description = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. " +
        "No other usage is guaranteed across distributions of Kubernetes clusters.";

    private readonly ISharedIndexInformer _configMaps;
    private readonly ISharedIndexInformer _namespaces;
    private readonly WorkQueue<string> _queue;
    private readonly IApiClient _client;
    private readonly string _caPem;
    private readonly ILogger _logger;

    public RootCaPublisher(ControllerContext context, string caPem)
    {
        _client = context.Client;
        _caPem = caPem;
        _logger = context.LoggerFactory.CreateLogger<RootCaPublisher>();
        _queue = new WorkQueue<string>(RateLimiters.Default<string>(context.Time), context.Time);
        // Only the published ConfigMaps: every other ConfigMap write would otherwise reach this cache.
        _configMaps = context.Informers.ForResource(Resource.ConfigMaps, null, "metadata.name=" + ConfigMapName);
        _configMaps.AddEventHandler(new ResourceEventHandler
        {
            OnUpdate = (_, cm) => EnqueueFor(cm),
            OnDelete = EnqueueFor,
        });
        _namespaces = context.Informers.ForResource(Resource.Namespaces);
        _namespaces.AddEventHandler(new ResourceEventHandler
        {
            OnAdd = ns => _queue.Add(ObjectMeta.Name(ns)!),
            OnUpdate = (_, ns) => _queue.Add(ObjectMeta.Name(ns)!),
        });
    }

    public string Name => ControllerNames.RootCaCertPublisher;

    public Task RunAsync(int workers, CancellationToken ct) =>
        QueueWorkers.RunAsync(Name, [_configMaps, _namespaces], _queue, SyncAsync, workers, _logger, ct);

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var ns = _namespaces.Store.Get(key);
        if (ns is null || ObjectMeta.IsBeingDeleted(ns)) return;

        var cm = _configMaps.Store.Get(key, ConfigMapName);
        if (cm is null)
        {
            var created = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject
                {
                    ["name"] = ConfigMapName,
                    ["namespace"] = key,
                    ["annotations"] = new JsonObject { [DescriptionAnnotation] = Description },
                },
                ["data"] = new JsonObject { [DataKey] = _caPem },
            };
            try
            {
                await _client.CreateAsync(Resource.ConfigMaps, key, created, ct);
            }
            catch (ApiException e) when (e.IsNotFound || e.HasCause("NamespaceTerminating") || e.IsAlreadyExists)
            {
                // Namespace gone or terminating: don't retry. Already there: the informer will tell us if it is wrong.
            }
            return;
        }

        if (IsCurrent(cm)) return;
        var update = cm.DeepClone().AsObject();
        update["data"] = new JsonObject { [DataKey] = _caPem };
        update["metadata"]!.AsObject().Obj("annotations")[DescriptionAnnotation] = Description;
        await _client.UpdateAsync(Resource.ConfigMaps, update, ct);
    }

    private bool IsCurrent(JsonObject cm) =>
        cm["data"] is JsonObject data && data.Count == 1 && data[DataKey].Str() == _caPem
        && !string.IsNullOrEmpty(ObjectMeta.Annotation(cm, DescriptionAnnotation));

    private void EnqueueFor(JsonObject cm)
    {
        if (ObjectMeta.Name(cm) == ConfigMapName && ObjectMeta.Namespace(cm) is { } ns) _queue.Add(ns);
    }
}
