using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Controllers.Tests.Support;

/// <summary>
/// Plays the kubelet for workload tests: pods in one namespace become Running and Ready through pods/status (unless
/// <see cref="Holds"/> says to keep one pending), and terminating pods are removed with gracePeriodSeconds=0, as a
/// kubelet does once their containers stopped. Polls instead of watching; the tests are small.
/// </summary>
internal sealed class HollowKubelet : IAsyncDisposable
{
    private readonly IApiClient _client;
    private readonly string _namespace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public HollowKubelet(IApiClient client, string ns)
    {
        _client = client;
        _namespace = ns;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Pods for which this returns true stay Pending and not ready (an image that never starts).</summary>
    public Func<JsonObject, bool> Holds { get; set; } = _ => false;

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var list = await _client.ListAsync(Resource.Pods, _namespace, null, _stop.Token);
                foreach (var pod in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
                    await ActAsync(pod, _stop.Token);
                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
            {
                // Races with the controllers are expected; the next round sees the new state.
            }
        }
    }

    private async Task ActAsync(JsonObject pod, CancellationToken ct)
    {
        if (ObjectMeta.IsBeingDeleted(pod))
        {
            // As the kubelet: the stopped pod's terminal phase goes into the API before the pod itself goes, so that
            // a finalizer holder (the Job controller) sees how it ended.
            if (pod["status"]?["phase"]?.GetValue<string>() is not ("Succeeded" or "Failed"))
                await _client.UpdateStatusAsync(Resource.Pods, Killed(pod), ct);
            await _client.DeleteAsync(Resource.Pods, _namespace, ObjectMeta.Name(pod)!, new DeleteOptions { GracePeriodSeconds = 0 }, ct);
            return;
        }
        // Finished pods (see PodOutcomes) stay finished, as their containers exited.
        if (pod["status"]?["phase"]?.GetValue<string>() is "Running" or "Succeeded" or "Failed" || Holds(pod)) return;
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c["name"]?.DeepClone(),
            ["image"] = c["image"]?.DeepClone(),
            ["imageID"] = "",
            ["ready"] = true,
            ["started"] = true,
            ["restartCount"] = 0,
            ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
        }).ToArray();
        var updated = (JsonObject)pod.DeepClone();
        updated["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["podIP"] = "10.0.0.1",
            ["startTime"] = now,
            ["conditions"] = new JsonArray(
                Condition("PodScheduled", now), Condition("Initialized", now), Condition("ContainersReady", now), Condition("Ready", now)),
            ["containerStatuses"] = new JsonArray(containers),
        };
        await _client.UpdateStatusAsync(Resource.Pods, updated, ct);
    }

    /// <summary>The pod with phase Failed, its containers terminated by SIGKILL, Ready gone, other conditions kept.</summary>
    private static JsonObject Killed(JsonObject pod)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var killed = (JsonObject)pod.DeepClone();
        var status = killed["status"] as JsonObject ?? new JsonObject();
        killed["status"] = status;
        status["phase"] = "Failed";
        foreach (var condition in (status["conditions"] as JsonArray ?? []).OfType<JsonObject>())
            if (condition["type"]?.GetValue<string>() is "Ready" or "ContainersReady") condition["status"] = "False";
        foreach (var container in (status["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>())
        {
            container["ready"] = false;
            container["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 137, ["reason"] = "Error", ["finishedAt"] = now } };
        }
        return killed;
    }

    private static JsonObject Condition(string type, string now) =>
        new() { ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now };

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        _stop.Dispose();
    }
}
