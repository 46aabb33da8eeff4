using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Strategic;

/// <summary>Classifies values and lists the way strategicpatch's reflect checks do.</summary>
internal static class ElementKinds
{
    public static ElementKind Of(JsonNode? node) => JsonNodes.KindOf(node) switch
    {
        JsonValueKind.Object => ElementKind.Object,
        JsonValueKind.Array => ElementKind.Array,
        JsonValueKind.String => ElementKind.String,
        JsonValueKind.Number => ElementKind.Number,
        JsonValueKind.True or JsonValueKind.False => ElementKind.Bool,
        _ => ElementKind.Null,
    };

    /// <summary>The common element type of lists; upstream refuses lists of lists and mixed lists.</summary>
    public static ElementKind OfElements(params JsonArray?[] lists)
    {
        ElementKind? kind = null;
        foreach (var list in lists)
        {
            if (list is null)
            {
                continue;
            }

            foreach (var item in list)
            {
                var current = Of(item);
                if (kind is null)
                {
                    if (current == ElementKind.Array)
                    {
                        throw StrategicErrors.ListOfLists();
                    }

                    kind = current;
                }
                else if (kind != current)
                {
                    throw StrategicErrors.Generic(
                        $"list element types are not identical: [{string.Join(" ", lists.Select(JsonNodes.Describe))}]");
                }
            }
        }

        return kind ?? throw StrategicErrors.Generic("no elements in any of the given slices");
    }
}
