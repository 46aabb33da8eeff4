using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Discovery;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Controllers.Namespace;

/// <summary>
/// Empties a terminating namespace, following upstream's deletion package: mark it Terminating, discover every
/// namespaced deletable resource, deletecollection each (or list and delete one by one where deletecollection is
/// not served), verify nothing is left, record conditions, and finally remove the <c>kubernetes</c> finalizer via
/// the finalize subresource. Returns normally only when that finalizer is gone.
/// </summary>
internal sealed partial class NamespacedResourcesDeleter(IApiClient client, DiscoveryClient discovery, TimeProvider time, ILogger logger)
{
    public const string FinalizerToken = "kubernetes";
    /// <summary>How long to wait for objects that still carry finalizers (upstream's guess for the garbage collector).</summary>
    private const long FinalizerEstimateSeconds = 15;

    private static readonly DeleteOptions BackgroundDelete = DeleteOptions.Background;
    private readonly ConcurrentDictionary<(Resource, string), bool> _unsupported = new();

    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        JsonObject ns;
        try
        {
            ns = await client.GetAsync(Resource.Namespaces, null, name, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return;
        }
        if (!ObjectMeta.IsBeingDeleted(ns)) return;

        if (await EnsureTerminatingAsync(ns, ct) is not { } terminating || !ObjectMeta.IsBeingDeleted(terminating)) return;
        ns = terminating;
        if (!Finalizers(ns).Contains(FinalizerToken)) return;

        var estimate = await DeleteAllContentAsync(ns, ct);
        if (estimate > 0) throw new ResourcesRemainingException(estimate);

        await FinalizeAsync(ns, ct);
        LogFinalized(logger, name);
    }

    private async Task<JsonObject?> EnsureTerminatingAsync(JsonObject ns, CancellationToken ct)
    {
        if (ns["status"]?["phase"].Str() == "Terminating") return ns;
        return await RetryOnConflictAsync(ns, async current =>
        {
            if (current["status"]?["phase"].Str() == "Terminating") return current;
            var update = current.DeepClone().AsObject();
            update.Obj("status")["phase"] = "Terminating";
            return await client.UpdateStatusAsync(Resource.Namespaces, update, ct);
        }, ct);
    }

    private async Task FinalizeAsync(JsonObject ns, CancellationToken ct)
    {
        await RetryOnConflictAsync(ns, async current =>
        {
            var update = current.DeepClone().AsObject();
            var remaining = Finalizers(current).Where(f => f != FinalizerToken).Distinct().Order(StringComparer.Ordinal);
            update.Obj("spec")["finalizers"] = new JsonArray(remaining.Select(f => (JsonNode)f).ToArray());
            return await client.UpdateSubresourceAsync(Resource.Namespaces, "finalize", update, ct);
        }, ct);
    }

    /// <summary>Runs <paramref name="update"/> on fresh copies while it conflicts; null when the namespace is gone.</summary>
    private async Task<JsonObject?> RetryOnConflictAsync(JsonObject ns, Func<JsonObject, Task<JsonObject>> update, CancellationToken ct)
    {
        var current = ns;
        while (true)
        {
            try
            {
                return await update(current);
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                return null;
            }
            catch (ApiException e) when (e.IsConflict)
            {
                var latest = await client.GetAsync(Resource.Namespaces, null, ObjectMeta.Name(ns)!, ct);
                if (ObjectMeta.Uid(latest) != ObjectMeta.Uid(current))
                    throw new InvalidOperationException("namespace uid has changed across retries");
                current = latest;
            }
        }
    }

    /// <summary>Deletes everything in the namespace; returns the seconds to wait for what is still terminating.</summary>
    private async Task<long> DeleteAllContentAsync(JsonObject ns, CancellationToken ct)
    {
        var name = ObjectMeta.Name(ns)!;
        var deletedAt = JsonHelpers.ParseTime(ObjectMeta.DeletionTimestamp(ns)) ?? time.GetUtcNow();
        var errors = new List<string>();
        var conditions = new NamespaceConditionUpdater(time.GetUtcNow());

        IReadOnlyList<DiscoveredResource> resources;
        try
        {
            var discovered = await discovery.ServerPreferredResourcesAsync(ct);
            resources = discovered.Resources;
            if (!discovered.Complete)
            {
                // Partial discovery is not fatal: delete what can be found, report the rest.
                errors.Add(discovered.FailureMessage);
                conditions.ProcessDiscoveryFailure($"Discovery failed for some groups, {discovered.FailedGroups.Count} failing: {discovered.FailureMessage}");
            }
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
        {
            resources = [];
            errors.Add(e.Message);
            conditions.ProcessDiscoveryFailure(e.Message);
        }

        long estimate = 0;
        var remaining = new Dictionary<Resource, int>();
        var finalizers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var discovered in resources.Where(r => r.Resource.Namespaced && r.Supports("delete")))
        {
            var resource = discovered.Resource;
            if (!discovered.Supports("list")) _unsupported[(resource, "list")] = true;
            if (!discovered.Supports("deletecollection")) _unsupported[(resource, "deletecollection")] = true;
            ResourceDeletionResult result;
            try
            {
                result = await DeleteAllOfResourceAsync(resource, name, deletedAt, ct);
            }
            catch (ContentRemainsException e)
            {
                result = e.Result;
                errors.Add(e.Message);
                conditions.ProcessDeleteContentError(e.Message);
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
            {
                result = ResourceDeletionResult.Done;
                errors.Add(e.Message);
                conditions.ProcessDeleteContentError(e.Message);
            }
            estimate = Math.Max(estimate, result.EstimateSeconds);
            if (result.Remaining > 0)
            {
                remaining[resource] = result.Remaining;
                foreach (var (finalizer, count) in result.FinalizersRemaining)
                    finalizers[finalizer] = finalizers.GetValueOrDefault(finalizer) + count;
            }
        }
        conditions.ProcessContentTotals(remaining, finalizers);

        // Always written: a condition that turned from failing to fine must say so.
        if (conditions.Update(ns))
        {
            try
            {
                await client.UpdateStatusAsync(Resource.Namespaces, ns, ct);
            }
            catch (ApiException e)
            {
                LogStatusUpdateFailed(logger, name, e.Message);
            }
        }
        if (errors.Count > 0) throw new NamespaceContentException(errors);
        return estimate;
    }

    private async Task<ResourceDeletionResult> DeleteAllOfResourceAsync(Resource resource, string ns, DateTimeOffset deletedAt, CancellationToken ct)
    {
        var estimate = resource == Resource.Pods ? await EstimatePodGracePeriodAsync(ns, deletedAt, ct) : 0;

        if (!await DeleteCollectionAsync(resource, ns, ct))
            await DeleteEachAsync(resource, ns, ct);

        var left = await ListAsync(resource, ns, ct);
        if (left is null || left.Count == 0) return ResourceDeletionResult.Done;

        var byFinalizer = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in left)
            foreach (var f in ObjectMeta.Finalizers(item))
                byFinalizer[f] = byFinalizer.GetValueOrDefault(f) + 1;

        if (estimate > 0) return new ResourceDeletionResult(estimate, left.Count, byFinalizer);
        if (byFinalizer.Count > 0) return new ResourceDeletionResult(FinalizerEstimateSeconds, left.Count, byFinalizer);
        throw new ContentRemainsException(
            $"unexpected items still remain in namespace: {ns} for gvr: {resource.Group}/{resource.Version}, Resource={resource.Plural}",
            new ResourceDeletionResult(0, left.Count, byFinalizer));
    }

    /// <summary>Returns false when the server does not serve deletecollection for the resource.</summary>
    private async Task<bool> DeleteCollectionAsync(Resource resource, string ns, CancellationToken ct)
    {
        if (_unsupported.ContainsKey((resource, "deletecollection"))) return false;
        try
        {
            await client.DeleteCollectionAsync(resource, ns, null, BackgroundDelete, ct);
            return true;
        }
        catch (ApiException e) when (e.IsMethodNotSupported || e.IsNotFound)
        {
            _unsupported[(resource, "deletecollection")] = true;
            return false;
        }
    }

    private async Task DeleteEachAsync(Resource resource, string ns, CancellationToken ct)
    {
        foreach (var item in await ListAsync(resource, ns, ct) ?? [])
        {
            try
            {
                await client.DeleteAsync(resource, ns, ObjectMeta.Name(item)!, BackgroundDelete, ct);
            }
            catch (ApiException e) when (e.IsNotFound || e.IsMethodNotSupported)
            {
            }
        }
    }

    /// <summary>The objects of the resource in the namespace; null when list is not served.</summary>
    private async Task<IReadOnlyList<JsonObject>?> ListAsync(Resource resource, string ns, CancellationToken ct)
    {
        if (_unsupported.ContainsKey((resource, "list"))) return null;
        try
        {
            var list = await client.ListAsync(resource, ns, null, ct);
            return (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        }
        catch (ApiException e) when (e.IsMethodNotSupported || e.IsNotFound)
        {
            _unsupported[(resource, "list")] = true;
            return null;
        }
    }

    /// <summary>The longest grace period of running pods, or 0 once that long has passed since the namespace was deleted.</summary>
    private async Task<long> EstimatePodGracePeriodAsync(string ns, DateTimeOffset deletedAt, CancellationToken ct)
    {
        long estimate = 0;
        foreach (var pod in await ListAsync(Resource.Pods, ns, ct) ?? [])
        {
            if (pod["status"]?["phase"].Str() is "Succeeded" or "Failed") continue;
            if (pod["spec"]?["terminationGracePeriodSeconds"] is JsonValue g && g.TryGetValue<long>(out var grace))
                estimate = Math.Max(estimate, grace);
        }
        return time.GetUtcNow() - deletedAt >= TimeSpan.FromSeconds(estimate) ? 0 : estimate;
    }

    private static IReadOnlyList<string> Finalizers(JsonObject ns) =>
        (ns["spec"]?["finalizers"] as JsonArray ?? []).Select(f => f.Str()).OfType<string>().ToList();

    private sealed class ContentRemainsException(string message, ResourceDeletionResult result) : Exception(message)
    {
        public ResourceDeletionResult Result { get; } = result;
    }

    [LoggerMessage(EventId = 10101, Level = LogLevel.Information, Message = "Namespace {Namespace} is empty; removed the kubernetes finalizer")]
    private static partial void LogFinalized(ILogger logger, string @namespace);

    [LoggerMessage(EventId = 10102, Level = LogLevel.Warning, Message = "Couldn't update status condition for namespace {Namespace}: {Message}")]
    private static partial void LogStatusUpdateFailed(ILogger logger, string @namespace, string message);
}
