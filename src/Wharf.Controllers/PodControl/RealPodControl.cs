using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Controllers.PodControl;

/// <summary>Creates and deletes pods through the API and records upstream's events on the owner.</summary>
public sealed class RealPodControl(IApiClient client, IEventRecorder events) : IPodControl
{
    public const string SuccessfulCreateReason = "SuccessfulCreate";
    public const string FailedCreateReason = "FailedCreate";
    public const string SuccessfulDeleteReason = "SuccessfulDelete";
    public const string FailedDeleteReason = "FailedDelete";

    public async Task CreatePodAsync(string ns, JsonObject template, JsonObject owner, JsonObject controllerRef, CancellationToken ct)
    {
        if (!PodTemplates.HasLabels(template))
            throw new InvalidOperationException("unable to create pods, no labels");
        // Written straight from the template, and of the answer only the name is read: the created pod is nobody's.
        var pod = PodTemplates.NewPodUtf8(ObjectMeta.Name(owner)!, template, controllerRef);
        try
        {
            var created = await client.CreateReadingMetadataAsync(Resource.Pods, ns, pod, ct);
            events.Event(owner, EventTypes.Normal, SuccessfulCreateReason, $"Created pod: {created.Name}");
        }
        catch (ApiException e)
        {
            events.Event(owner, EventTypes.Warning, FailedCreateReason, $"Error creating: {e.Message}");
            throw;
        }
    }

    public async Task DeletePodAsync(string ns, string name, JsonObject owner, CancellationToken ct)
    {
        try
        {
            await client.DeleteAsync(Resource.Pods, ns, name, null, ct);
            events.Event(owner, EventTypes.Normal, SuccessfulDeleteReason, $"Deleted pod: {name}");
        }
        catch (ApiException e) when (!e.IsNotFound)
        {
            events.Event(owner, EventTypes.Warning, FailedDeleteReason, $"Error deleting: {e.Message}");
            throw;
        }
    }

    public Task<JsonObject> PatchPodAsync(string ns, string name, JsonObject mergePatch, CancellationToken ct) =>
        client.PatchAsync(Resource.Pods, ns, name, PatchType.Merge, mergePatch, null, ct);
}
