using System.Diagnostics;
using System.Text.Json.Nodes;
using Grpc.Core;
using k8s.Models;
using Wharf.Client.Events;
using Wharf.Node.Cri.V1;
using Wharf.Node.Images;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Makes a container's image present as its imagePullPolicy says (kubelet's image manager), with upstream's
/// reasons and events: ErrImageNeverPull, ErrImagePull and, while a failed pull backs off, ImagePullBackOff.
/// Pulls carry the pod's imagePullSecrets as CRI auth, each matching credential in turn and then none, so that
/// the node's registries.yaml credentials (applied by containerd when a pull brings none) get their turn.
/// </summary>
internal sealed class ImageManager(IContainerRuntime runtime, IEventRecorder events, Backoff backoff, TimeProvider time, PullSecretReader? secrets = null)
{
    /// <summary>The image ref on success, or the waiting reason and message on failure.</summary>
    public async Task<(string? ImageRef, string? Reason, string? Message)> EnsureAsync(JsonObject podRef, V1Pod pod, V1Container container, CancellationToken ct)
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
        var key = $"{pod.Metadata.Uid}/{container.Name}/{image}";
        if (backoff.IsInBackOffSinceUpdate(key))
        {
            events.Event(podRef, EventTypes.Normal, "BackOff", $"Back-off pulling image \"{image}\"");
            events.Event(podRef, EventTypes.Warning, "Failed", "Error: ImagePullBackOff");
            return (null, "ImagePullBackOff", $"Back-off pulling image \"{image}\"");
        }
        var credentials = await CredentialsAsync(podRef, pod, image, ct);
        events.Event(podRef, EventTypes.Normal, "Pulling", $"Pulling image \"{image}\"");
        var watch = Stopwatch.StartNew();
        var (imageRef, errors) = await PullAsync(image, credentials, ct);
        if (imageRef is not null)
        {
            var size = (await runtime.ImageStatusAsync(imageRef, ct))?.Size ?? 0;
            // No pull queue here, so the time spent and the time including waiting are the same.
            var took = GoDuration.FormatMilliseconds(watch.Elapsed);
            events.Event(podRef, EventTypes.Normal, "Pulled", $"Successfully pulled image \"{image}\" in {took} ({took} including waiting). Image size: {size} bytes.");
            return (imageRef, null, null);
        }
        backoff.Next(key, time.GetUtcNow());
        // As utilerrors.NewAggregate prints one error or several.
        var error = errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]";
        events.Event(podRef, EventTypes.Warning, "Failed", $"Failed to pull image \"{image}\": {error}");
        events.Event(podRef, EventTypes.Warning, "Failed", "Error: ErrImagePull");
        return (null, "ErrImagePull", error);
    }

    private async Task<IReadOnlyList<DockerCredential>> CredentialsAsync(JsonObject podRef, V1Pod pod, string image, CancellationToken ct)
    {
        if (secrets is null || pod.Spec.ImagePullSecrets is not { Count: > 0 } references)
            return [];
        var read = await secrets.ReadAsync(pod.Metadata.NamespaceProperty ?? "default", references.Select(r => r.Name ?? ""), ct);
        if (read.Unavailable.Count > 0)
            events.Event(podRef, EventTypes.Warning, "FailedToRetrieveImagePullSecret",
                $"Unable to retrieve some image pull secrets ({string.Join(", ", read.Unavailable)}); attempting to pull the image may not succeed.");
        return read.Keyring.Lookup(image);
    }

    /// <summary>Each credential in turn, then anonymously; the image ref of the first success, or every error.</summary>
    private async Task<(string? ImageRef, List<string> Errors)> PullAsync(string image, IReadOnlyList<DockerCredential> credentials, CancellationToken ct)
    {
        var errors = new List<string>();
        foreach (var auth in credentials.Select(ToAuthConfig).Append(null))
        {
            try
            {
                return (await runtime.PullImageAsync(image, auth, ct), errors);
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !ct.IsCancellationRequested)
            {
                errors.Add(GrpcErrorText.Format(e));
            }
        }
        return (null, errors);
    }

    private static AuthConfig ToAuthConfig(DockerCredential credential) => new()
    {
        Username = credential.Username,
        Password = credential.Password,
        IdentityToken = credential.IdentityToken ?? "",
    };

    /// <summary>API defaulting: Always for :latest or no tag, IfNotPresent otherwise.</summary>
    internal static string DefaultPolicy(string image)
    {
        if (image.Contains('@'))
            return "IfNotPresent";
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        return !lastSegment.Contains(':') || lastSegment.EndsWith(":latest", StringComparison.Ordinal) ? "Always" : "IfNotPresent";
    }
}
