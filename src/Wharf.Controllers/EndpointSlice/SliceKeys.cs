using System.Text.Json.Nodes;

namespace Wharf.Controllers.EndpointSlice;

/// <summary>Identity of a slice's port set and of an endpoint within slices, independent of order.</summary>
internal static class SliceKeys
{
    /// <summary>Address type plus the sorted ports: slices with equal keys hold interchangeable endpoints.</summary>
    public static string PortSet(string addressType, JsonArray? ports) =>
        addressType + "|" + string.Join(";", (ports ?? []).Select(p =>
            $"{p?["name"].Str()},{p?["port"]},{p?["protocol"].Str()},{p?["appProtocol"].Str()}").Order(StringComparer.Ordinal));

    public static string PortSet(JsonObject slice) => PortSet(slice["addressType"].Str() ?? "IPv4", slice["ports"] as JsonArray);

    /// <summary>An endpoint is the same endpoint while its target and first address stay.</summary>
    public static string Endpoint(JsonNode? endpoint) =>
        $"{endpoint?["targetRef"]?["uid"].Str()}/{(endpoint?["addresses"] as JsonArray)?.FirstOrDefault().Str()}";
}
