using System.Text.Json.Nodes;

namespace Wharf.Controllers.PodControl;

/// <summary>
/// How workload controllers create, delete and re-own pods (upstream's PodControlInterface); the real one writes
/// through the API and records events on the owner, tests count calls on a fake.
/// </summary>
public interface IPodControl
{
    /// <summary>Creates a pod from <paramref name="template"/> (a PodTemplateSpec) controlled by <paramref name="owner"/>.</summary>
    /// <param name="owner">The controller object (apiVersion, kind, metadata); events are recorded on it.</param>
    /// <param name="controllerRef">The ownerReference the pod gets (controller and blockOwnerDeletion set).</param>
    Task CreatePodAsync(string ns, JsonObject template, JsonObject owner, JsonObject controllerRef, CancellationToken ct);

    /// <summary>Deletes a pod with its default grace period; NotFound surfaces as an ApiException.</summary>
    Task DeletePodAsync(string ns, string name, JsonObject owner, CancellationToken ct);

    /// <summary>Applies a JSON merge patch to a pod (adoption and release of ownerReferences).</summary>
    Task<JsonObject> PatchPodAsync(string ns, string name, JsonObject mergePatch, CancellationToken ct);
}
