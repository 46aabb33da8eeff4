using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Managed;

/// <summary>Total order over JSON values as structured-merge-diff's value.Compare: numbers, strings, bools, lists, maps, null.</summary>
internal static class JsonValueOrder
{
    public static int Compare(JsonNode? a, JsonNode? b)
    {
        var ra = Rank(a);
        var rb = Rank(b);
        if (ra != rb)
        {
            return ra.CompareTo(rb);
        }

        switch (ra)
        {
            case 0:
                return JsonNodes.CompareNumbers(a!, b!);
            case 1:
                return string.CompareOrdinal(a!.GetValue<string>(), b!.GetValue<string>());
            case 2:
                return (JsonNodes.KindOf(a) == JsonValueKind.True).CompareTo(JsonNodes.KindOf(b) == JsonValueKind.True);
            case 3:
                var la = (JsonArray)a!;
                var lb = (JsonArray)b!;
                for (var i = 0; i < Math.Min(la.Count, lb.Count); i++)
                {
                    var c = Compare(la[i], lb[i]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                return la.Count.CompareTo(lb.Count);
            case 4:
                return string.CompareOrdinal(JsonNodes.Canonical(a), JsonNodes.Canonical(b));
            default:
                return 0;
        }
    }

    private static int Rank(JsonNode? node) => JsonNodes.KindOf(node) switch
    {
        JsonValueKind.Number => 0,
        JsonValueKind.String => 1,
        JsonValueKind.True or JsonValueKind.False => 2,
        JsonValueKind.Array => 3,
        JsonValueKind.Object => 4,
        _ => 5,
    };
}
