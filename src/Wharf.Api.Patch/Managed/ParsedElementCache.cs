using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// Key, value and index elements by their canonical FieldsV1 key text (<c>k:{"type":"Ready"}</c>, <c>i:3</c>), shared:
/// every update reads the stored fieldsV1 of its object's entries, and the same keys recur across objects and writes
/// (a pod's containers and conditions, the uid of the ReplicaSet all its pods name). Parsing one was a JSON document,
/// an element and its key text per key per write (about a fifth of a status write's tracking garbage).
/// </summary>
/// <remarks>
/// Only a canonical text (the element's own <see cref="PathElement.Serialize"/>) is kept, so a hit is exactly what
/// parsing and checking that text gives. Only elements whose values are scalars are kept: a string value is a plain
/// string node and a number or boolean one reads from its own parsed document, which threads may read at once (an
/// object or array value would be built into nodes on first read, which is not safe to share). Elements are immutable;
/// nothing attaches their value nodes to a tree.
/// Bounded (see <see cref="BoundedTextCache{T}"/>: keys seen once, such as ownerReferences uids and pod IPs, cannot
/// keep out the recurring ones for long): at most <see cref="MaxEntries"/> keys, about a MB with their elements.
/// </remarks>
internal static class ParsedElementCache
{
    internal const int MaxEntries = 4096;

    /// <summary>Longer keys (rare) are parsed every time rather than held.</summary>
    internal const int MaxKeyLength = 256;

    private static readonly BoundedTextCache<PathElement> Elements = new(MaxEntries);

    public static bool TryGet(ReadOnlySpan<char> key, out PathElement element) => Elements.TryGet(key, out element);

    /// <summary>Keeps <paramref name="element"/> under <paramref name="key"/> when the key is its canonical text and its values are scalars.</summary>
    public static void AddIfCanonical(string key, PathElement element)
    {
        if (key.Length > MaxKeyLength || !HasScalarValues(element) || element.Serialize() != key)
        {
            return;
        }

        Elements.Add(key, element);
    }

    /// <summary>For tests: the number of keys held.</summary>
    internal static int Count => Elements.Count;

    internal static void Clear() => Elements.Clear();

    private static bool HasScalarValues(PathElement element)
    {
        switch (element.Kind)
        {
            case PathElementKind.Key:
                foreach (var (_, value) in element.Key!)
                {
                    if (value is JsonObject or JsonArray)
                    {
                        return false;
                    }
                }

                return true;
            case PathElementKind.Value:
                return element.Value is not (JsonObject or JsonArray);
            default:
                return true;
        }
    }
}
