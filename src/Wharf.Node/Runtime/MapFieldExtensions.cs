using Google.Protobuf.Collections;

namespace Wharf.Node.Runtime;

internal static class MapFieldExtensions
{
    /// <summary>protobuf's MapField.Add wants an IDictionary; Wharf's specs hold read-only ones.</summary>
    public static void AddAll(this MapField<string, string> map, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (key, value) in values)
            map[key] = value;
    }
}
