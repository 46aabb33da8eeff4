using System.Text.Json.Nodes;

namespace Wharf.Client.Cache;

internal static class JsonTree
{
    /// <summary>
    /// Parsed JsonObjects build their dictionaries lazily on first access, which is not thread-safe; touching
    /// every node once before an object is shared makes later concurrent reads safe.
    /// </summary>
    public static JsonObject Materialize(JsonObject obj)
    {
        Walk(obj);
        return obj;
    }

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o) Walk(child);
                break;
            case JsonArray a:
                foreach (var child in a) Walk(child);
                break;
        }
    }
}
