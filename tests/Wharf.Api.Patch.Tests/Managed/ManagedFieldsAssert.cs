using System.Text.Json.Nodes;
using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>Reads managedFields entries of a result object for assertions.</summary>
internal static class ManagedFieldsAssert
{
    public static IReadOnlyList<ManagedFieldsEntry> Entries(JsonObject obj) =>
        (obj["metadata"]?["managedFields"] as JsonArray ?? []).Select(e => ManagedFieldsEntry.FromJson((JsonObject)e!)).ToList();

    public static ManagedFieldsEntry Single(JsonObject obj, string manager, string operation) =>
        Assert.Single(Entries(obj), e => e.Manager == manager && e.Operation == operation);

    public static string[] Paths(ManagedFieldsEntry entry) =>
        FieldsV1.Decode(entry.FieldsV1).Paths().Select(p => p.ToString()).ToArray();

    public static void Owns(JsonObject obj, string manager, string operation, params string[] paths)
    {
        var owned = Paths(Single(obj, manager, operation));
        foreach (var path in paths)
        {
            Assert.Contains(path, owned);
        }
    }

    public static void DoesNotOwn(JsonObject obj, string manager, string operation, params string[] paths)
    {
        var entry = Entries(obj).SingleOrDefault(e => e.Manager == manager && e.Operation == operation);
        if (entry is null)
        {
            return;
        }

        var owned = Paths(entry);
        foreach (var path in paths)
        {
            Assert.DoesNotContain(path, owned);
        }
    }

    public static void FieldsEqual(string expected, ManagedFieldsEntry entry) => J.Equal(expected, entry.FieldsV1);
}
