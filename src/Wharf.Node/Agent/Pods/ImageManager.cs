using System.Diagnostics;
using System.Text.Json.Nodes;
using Grpc.Core;
using k8s.Models;
using Wharf.Client.Events;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Makes a container's image present as its imagePullPolicy says (kubelet's image manager), with upstream's
/// reasons and events: ErrImageNeverPull, ErrImagePull and, while a failed pull backs off, ImagePullBackOff.
/// </summary>
internal sealed class ImageManager(IContainerRuntime runtime, IEventRecorder events, Backoff backoff, TimeProvider time)
{
    /// <summary>The image ref on success, or the waiting reason and message on failure.</summary>
    public async Task<(string? ImageRef, string? Reason, string? Message)> EnsureAsync(JsonObject podRef, string podUid, V1Container container, CancellationToken ct)
    {
        var image = container.Image;
        var policy = container.ImagePullPolicy is { Length: > 0 } p ? p : DefaultPolicy(image);
        var present = await runtime.ImageStatusAsync(image, ct);
        if (present is not null && policy != "Always")
        {
            events.Event(podRef, EventTypes.Normal, "Pulled", $"Container image \"{image}\" already present on machine");
            return (present.Id, null, null);
        }
        if (policy == "Never")
        {
            var message = $"Container image \"{image}\" is not present with pull policy of Never";
            events.Event(podRef, EventTypes.Warning, "ErrImageNeverPull", message);
            return (null, "ErrImageNeverPull", message);
        }
        var key = $"{podUid}/{container.Name}/{image}";
        if (backoff.IsInBackOffSinceUpdate(key))
        {
            events.Event(podRef, EventTypes.Normal, "BackOff", $"Back-off pulling image \"{image}\"");
            events.Event(podRef, EventTypes.Warning, "Failed", "Error: ImagePullBackOff");
            return (null, "ImagePullBackOff", $"Back-off pulling image \"{image}\"");
        }
        events.Event(podRef, EventTypes.Normal, "Pulling", $"Pulling image \"{image}\"");
        var watch = Stopwatch.StartNew();
        try
        {
            var imageRef = await runtime.PullImageAsync(image, null, ct);
            var size = (await runtime.ImageStatusAsync(imageRef, ct))?.Size ?? 0;
            var took = $"{watch.Elapsed.TotalSeconds:0.###}s";
            events.Event(podRef, EventTypes.Normal, "Pulled", $"Successfully pulled image \"{image}\" in {took} ({took} including waiting). Image size: {size} bytes.");
            return (imageRef, null, null);
        }
        catch (RpcException e)
        {
            backoff.Next(key, time.GetUtcNow());
            var message = $"Failed to pull image \"{image}\": {e.Status.Detail}";
            events.Event(podRef, EventTypes.Warning, "Failed", message);
            events.Event(podRef, EventTypes.Warning, "Failed", "Error: ErrImagePull");
            return (null, "ErrImagePull", message);
        }
    }

    /// <summary>API defaulting: Always for :latest or no tag, IfNotPresent otherwise.</summary>
    internal static string DefaultPolicy(string image)
    {
        if (image.Contains('@'))
            return "IfNotPresent";
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        return !lastSegment.Contains(':') || lastSegment.EndsWith(":latest", StringComparison.Ordinal) ? "Always" : "IfNotPresent";
    }
}
