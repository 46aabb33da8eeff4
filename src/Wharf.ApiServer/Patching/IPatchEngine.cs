using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;

namespace Wharf.ApiServer.Patching;

/// <summary>Applies one PATCH body of a given media type to the current object and returns the desired object.</summary>
public interface IPatchEngine
{
    /// <param name="current">The stored object (a copy the engine may change), or null when an apply creates it.</param>
    JsonObject Apply(string patchType, JsonObject? current, ReadOnlyMemory<byte> patch, ResourceKind kind, WriteOptions options, bool force);
}
