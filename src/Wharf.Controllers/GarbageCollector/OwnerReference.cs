using System.Text.Json.Nodes;

namespace Wharf.Controllers.GarbageCollector;

/// <summary>One entry of metadata.ownerReferences.</summary>
internal sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool Controller, bool BlockOwnerDeletion)
{
    /// <summary>The object's references that name an owner by uid; one shared empty list for the many objects with none.</summary>
    public static IReadOnlyList<OwnerReference> Of(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray { Count: > 0 } references ? Read(references) : [];

    private static List<OwnerReference> Read(JsonArray references) =>
        references.OfType<JsonObject>()
            .Select(r => new OwnerReference(r["apiVersion"].Str() ?? "", r["kind"].Str() ?? "", r["name"].Str() ?? "", r["uid"].Str() ?? "",
                Bool(r["controller"]), Bool(r["blockOwnerDeletion"])))
            .Where(r => r.Uid.Length > 0)
            .ToList();

    /// <summary>Whether the reference names the object <paramref name="identity"/> describes (uid, name, kind, apiVersion).</summary>
    public bool Matches(ObjectIdentity identity) =>
        Uid == identity.Uid && Name == identity.Name && Kind == identity.Kind && ApiVersion == identity.ApiVersion;

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
