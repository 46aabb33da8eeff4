using System.Text.Json.Nodes;

namespace Wharf.Api.Schema.OpenApi;

/// <summary>The <c>/openapi/v3</c> index: one <c>serverRelativeURL</c> with the content hash per group-version.</summary>
public static class OpenApiV3Index
{
    public static byte[] Build(IEnumerable<GroupVersionDocument> documents)
    {
        var paths = new JsonObject();
        foreach (var document in documents)
            paths[document.Path] = new JsonObject { ["serverRelativeURL"] = document.ServerRelativeUrl };
        return CanonicalJson.Serialize(new JsonObject { ["paths"] = paths });
    }
}
