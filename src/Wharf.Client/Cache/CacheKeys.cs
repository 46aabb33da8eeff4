using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Client.Cache;

/// <summary>The cache and work-queue key of an object: <c>namespace/name</c>, or <c>name</c> when cluster-scoped.</summary>
public static class CacheKeys
{
    public static string For(JsonObject obj) =>
        For(ObjectMeta.Namespace(obj), ObjectMeta.Name(obj) ?? throw new ArgumentException("object has no metadata.name", nameof(obj)));

    public static string For(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public static (string? Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
