using System.Text.Json.Nodes;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary>Volume access modes abbreviated in fixed order: <c>RWO,ROX,RWX,RWOP</c>.</summary>
internal static class AccessModes
{
    private static readonly (string Mode, string Short)[] Order =
        [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")];

    public static string Format(JsonNode? node, params string[] path)
    {
        var modes = node.Arr(path).Select(m => m.Str()).ToHashSet(StringComparer.Ordinal);
        return string.Join(",", Order.Where(o => modes.Contains(o.Mode)).Select(o => o.Short));
    }
}
