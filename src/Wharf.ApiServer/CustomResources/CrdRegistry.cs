using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.CustomResources;

/// <summary>
/// Serves the custom resources that CustomResourceDefinitions define, through the same generic REST path as the
/// built-in kinds: follows the stored CRDs, publishes a catalog that includes their served versions, accepts their
/// names (NamesAccepted/Established conditions) and, when a CRD is deleted, removes its custom resources before
/// releasing the CRD's cleanup finalizer.
/// </summary>
public sealed partial class CrdRegistry(ResourceCatalog builtIns, ILogger<CrdRegistry> logger)
{
    private const string CrdPrefix = "/registry/apiextensions.k8s.io/customresourcedefinitions/";
    private readonly Dictionary<string, JsonObject> _crds = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile ResourceCatalog _current = builtIns;

    public ResourceCatalog Current => _current;

    public async Task RunAsync(IStorageBackend storage, ResourceStore store, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var list = await storage.ListAsync(CrdPrefix, 0, null, 0, ct);
                lock (_gate)
                {
                    _crds.Clear();
                    foreach (var item in list.Items) _crds[item.Key] = ObjectCodec.Decode(item);
                    Publish();
                }
                foreach (var crd in list.Items) await ReconcileAsync(store, ObjectCodec.Decode(crd), ct);
                await foreach (var change in storage.WatchAsync(CrdPrefix, list.Revision, ct))
                {
                    var crd = ObjectCodec.Decode(change.Object);
                    lock (_gate)
                    {
                        if (change.Type == WatchEventType.Deleted) _crds.Remove(change.Object.Key);
                        else _crds[change.Object.Key] = crd;
                        Publish();
                    }
                    if (change.Type != WatchEventType.Deleted) await ReconcileAsync(store, crd, ct);
                }
                delay = TimeSpan.FromMilliseconds(200);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, e);
                await Task.Delay(delay, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private void Publish()
    {
        var taken = builtIns.All.Select(k => (k.Group, k.Version, k.Plural)).ToHashSet();
        var custom = new List<ResourceKind>();
        foreach (var crd in _crds.Values.OrderBy(c => c["metadata"].Str("name"), StringComparer.Ordinal))
        {
            foreach (var kind in KindsOf(crd))
            {
                if (taken.Add((kind.Group, kind.Version, kind.Plural))) custom.Add(kind);
            }
        }
        _current = builtIns.WithCustomResources(custom);
    }

    /// <summary>One served kind per served version of the CRD.</summary>
    public static IEnumerable<ResourceKind> KindsOf(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var names = spec?["names"] as JsonObject;
        var group = spec.Str("group");
        var plural = names.Str("plural");
        var kindName = names.Str("kind");
        if (group is null || plural is null || kindName is null) yield break;
        foreach (var version in spec!["versions"].Objects())
        {
            if (version["served"].Bool() != true || version.Str("name") is not { } versionName) continue;
            var subresources = new List<Subresource>();
            var hasStatus = version["subresources"]?["status"] is JsonObject;
            if (hasStatus) subresources.Add(new Subresource("status", group, versionName, kindName, ResourceVerbs.ReadWrite));
            if (version["subresources"]?["scale"] is JsonObject)
                subresources.Add(new Subresource("scale", "autoscaling", "v1", "Scale", ResourceVerbs.ReadWrite));
            JsonElement? schema = version["schema"]?["openAPIV3Schema"] is JsonObject s ? JsonSerializer.SerializeToElement(s) : null;
            yield return new ResourceKind
            {
                Group = group,
                Version = versionName,
                Plural = plural,
                Singular = names.Str("singular") ?? kindName.ToLowerInvariant(),
                Kind = kindName,
                Namespaced = spec.Str("scope") != "Cluster",
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                Subresources = subresources,
                Strategy = new CustomResourceStrategy(hasStatus),
                CustomResourceSchema = schema ?? JsonSerializer.SerializeToElement(new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true }),
                AdditionalPrinterColumns = version["additionalPrinterColumns"]?.DeepClone() as JsonArray,
            };
        }
    }

    private async Task ReconcileAsync(ResourceStore store, JsonObject crd, CancellationToken ct)
    {
        var crdKind = builtIns.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")!;
        var name = crd["metadata"].Str("name")!;
        try
        {
            if (crd["metadata"]?["deletionTimestamp"] is not null)
            {
                await CleanUpAsync(store, crd, crdKind, name, ct);
                return;
            }
            if (IsEstablished(crd)) return;
            await store.GuaranteedUpdateAsync(crdKind, null, name, "status", current =>
            {
                var status = current.Obj("status");
                status["acceptedNames"] = current["spec"]?["names"]?.DeepClone();
                var now = ResourceStore.Timestamp(DateTimeOffset.UtcNow);
                status["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
                    new JsonObject { ["type"] = "Established", ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" });
                var stored = current["spec"]?["versions"].Objects().Where(v => v["storage"].Bool() == true).Select(v => v.Str("name")).FirstOrDefault();
                var versions = (status["storedVersions"] as JsonArray)?.Select(v => v?.ToString()).ToList() ?? [];
                if (stored is not null && !versions.Contains(stored)) versions.Add(stored);
                status["storedVersions"] = new JsonArray(versions.Select(v => (JsonNode?)v).ToArray());
                return current;
            }, WriteOptions.Default with { FieldManager = "wharf-apiextensions" }, ct);
        }
        catch (StatusException e) when (e.Code is 404 or 409)
        {
            // Gone or changed meanwhile: the watch brings the next state.
        }
    }

    private static bool IsEstablished(JsonObject crd) =>
        crd["status"]?["conditions"].Objects().Any(c => c.Str("type") == "Established" && c.Str("status") == "True") == true;

    private async Task CleanUpAsync(ResourceStore store, JsonObject crd, ResourceKind crdKind, string name, CancellationToken ct)
    {
        var finalizers = (crd["metadata"]?["finalizers"] as JsonArray)?.Select(f => f?.ToString()).ToList() ?? [];
        if (!finalizers.Contains(CrdStrategy.CleanupFinalizer)) return;
        foreach (var kind in KindsOf(crd).Take(1))
        {
            var items = await store.ListAsync(kind, null, new ListOptions(), ct);
            foreach (var item in items.Items)
            {
                try
                {
                    await store.DeleteAsync(kind, item["metadata"].Str("namespace"), item["metadata"].Str("name")!, new DeleteOptions(), ct);
                }
                catch (StatusException e) when (e.Code == 404)
                {
                }
            }
            if ((await store.ListAsync(kind, null, new ListOptions { Limit = 1 }, ct)).Items.Count > 0)
                return; // Some still have finalizers; the next change of the CRD or a restart retries.
        }
        await store.GuaranteedUpdateAsync(crdKind, null, name, null, current =>
        {
            var remaining = (current["metadata"]?["finalizers"] as JsonArray)?.Select(f => f?.ToString()).Where(f => f != CrdStrategy.CleanupFinalizer).ToList() ?? [];
            current.Obj("metadata")["finalizers"] = new JsonArray(remaining.Select(f => (JsonNode?)f).ToArray());
            return current;
        }, WriteOptions.Default with { FieldManager = "wharf-apiextensions" }, ct);
    }

    private static IReadOnlyList<string> Strings(JsonNode? array) =>
        (array as JsonArray)?.Select(a => a?.ToString() ?? "").Where(a => a.Length > 0).ToList() ?? [];

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "custom resource definition loop failed; retrying")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);
}
