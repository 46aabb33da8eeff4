using System.Text.Json.Nodes;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Formatting;

/// <summary>The comma-joined container names and images of a pod spec (upstream layoutContainerCells).</summary>
internal static class Containers
{
    public static (string Names, string Images) Layout(JsonNode? podSpec)
    {
        var containers = podSpec.Arr("containers");
        var names = string.Join(",", containers.Select(c => c.Str("name")));
        var images = string.Join(",", containers.Select(c => c.Str("image")));
        return (names, images);
    }
}
