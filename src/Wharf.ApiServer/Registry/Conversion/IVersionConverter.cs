using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Registry.Conversion;

/// <summary>
/// Converts a resource served at one version to and from the version it is stored at (upstream's conversion through
/// the internal type), for resources served at several versions that share one storage prefix.
/// </summary>
public interface IVersionConverter
{
    /// <summary>The stored form (apiVersion of the storage version).</summary>
    JsonObject ToStorage(JsonObject served);

    /// <summary>The served form of a stored object.</summary>
    JsonObject FromStorage(JsonObject stored);
}
