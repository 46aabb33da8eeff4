using Wharf.Api.Patch.Managed;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// The order managedFields are written in: Apply before Update, then by time in seconds (not as text), manager,
/// apiVersion and subresource; entries alike in all of these keep the order they were given in.
/// </summary>
public sealed class ManagedFieldsOrderTests
{
    [Fact]
    public void Entries_AreSortedAsUpstreamSortsThem()
    {
        var state = new ManagedState();
        Add(state, "b", ManagedFieldsOperation.Update, "v1", "2026-11-27T09:00:00Z", null);
        Add(state, "a", ManagedFieldsOperation.Update, "v1", "2026-11-27T09:00:00Z", "status");
        Add(state, "a", ManagedFieldsOperation.Update, "v1", "2026-11-27T09:00:00Z", null);
        Add(state, "z", ManagedFieldsOperation.Apply, "v1", "2026-11-27T10:00:00Z", null);
        Add(state, "c", ManagedFieldsOperation.Update, "v1", "2026-11-27T08:59:59+00:00", null);
        Add(state, "a", ManagedFieldsOperation.Update, "apps/v1", "2026-11-27T09:00:00Z", null);
        var kept = new[]
        {
            new ManagedFieldsEntry("kept", ManagedFieldsOperation.Update, "v1", null, "FieldsV1", null, null),
            new ManagedFieldsEntry("a", ManagedFieldsOperation.Update, "v1", "2026-11-27T09:00:00Z", "FieldsV1", null, null),
        };

        var order = ManagedFieldsCodec.Entries(state, kept)
            .Select(e => $"{e.Entry.Operation} {e.Entry.Manager} {e.Entry.ApiVersion} {e.Entry.Subresource} {(e.Set is null ? "kept" : "set")}")
            .ToArray();

        Assert.Equal(
            [
                "Apply z v1  set",
                "Update kept v1  kept",
                "Update c v1  set",
                "Update a apps/v1  set",
                "Update a v1  set",
                "Update a v1  kept",
                "Update a v1 status set",
                "Update b v1  set",
            ],
            order);
    }

    private static void Add(ManagedState state, string manager, string operation, string apiVersion, string time, string? subresource)
    {
        var key = operation == ManagedFieldsOperation.Apply
            ? ManagerKey.ForApply(manager, subresource)
            : ManagerKey.ForUpdate(manager, apiVersion, subresource);
        state.Sets[key] = new VersionedSet(FieldSet.Of(FieldPath.Of("data", manager)), apiVersion, operation == ManagedFieldsOperation.Apply);
        state.Times[key] = time;
    }
}
