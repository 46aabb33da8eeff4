using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Controllers.EndpointSlice;

/// <summary>Carries out a <see cref="SlicePlan"/> and tells the tracker about every write.</summary>
internal sealed class SliceWriter(IApiClient client, SliceTracker tracker)
{
    /// <param name="allowCreate">False while the owner is being deleted: no new slices for it.</param>
    public async Task ApplyAsync(string serviceKey, string ns, SlicePlan plan, bool allowCreate, CancellationToken ct)
    {
        plan.Recycle();
        if (allowCreate)
        {
            foreach (var slice in plan.Create)
            {
                try
                {
                    tracker.Written(serviceKey, await client.CreateAsync(Resource.EndpointSlices, ns, slice, ct));
                }
                catch (ApiException e) when (e.HasCause("NamespaceTerminating"))
                {
                    // Creates keep failing in a terminating namespace; the slices would be deleted with it anyway.
                    return;
                }
            }
        }
        foreach (var slice in plan.Update)
            tracker.Written(serviceKey, await client.UpdateAsync(Resource.EndpointSlices, slice, ct));
        foreach (var slice in plan.Delete)
        {
            try
            {
                await client.DeleteAsync(Resource.EndpointSlices, ns, slice["metadata"]!["name"]!.GetValue<string>(), null, ct);
            }
            catch (ApiException e) when (e.IsNotFound)
            {
            }
            tracker.ExpectDeletion(serviceKey, slice);
        }
    }
}
