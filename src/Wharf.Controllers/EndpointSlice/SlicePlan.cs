using System.Text.Json.Nodes;

namespace Wharf.Controllers.EndpointSlice;

/// <summary>The writes that bring a service's slices to the desired state.</summary>
internal sealed class SlicePlan
{
    public List<JsonObject> Create { get; } = [];
    public List<JsonObject> Update { get; } = [];
    public List<JsonObject> Delete { get; } = [];

    public bool IsEmpty => Create.Count == 0 && Update.Count == 0 && Delete.Count == 0;

    /// <summary>
    /// Turns creates into updates of slices that would otherwise be deleted (upstream's recycling), so a change of
    /// ports rewrites a slice in place instead of churning names.
    /// </summary>
    public void Recycle()
    {
        for (var i = Create.Count - 1; i >= 0; i--)
        {
            var created = Create[i];
            // addressType is immutable: only a slice of the same type can be reused.
            var reusable = Delete.FindLastIndex(d => d["addressType"].Str() == created["addressType"].Str());
            if (reusable < 0) continue;
            var reused = Delete[reusable];
            Delete.RemoveAt(reusable);
            Create.RemoveAt(i);
            var meta = created["metadata"]!.AsObject();
            meta.Remove("generateName");
            meta["name"] = reused["metadata"]?["name"]?.DeepClone();
            meta["resourceVersion"] = reused["metadata"]?["resourceVersion"]?.DeepClone();
            Update.Add(created);
        }
    }
}
