using System.Text.Json.Nodes;

namespace Wharf.Client.Cache;

/// <summary>Computes the values under which an object is indexed (e.g. its namespace, its node name).</summary>
public delegate IEnumerable<string> IndexFunc(JsonObject obj);
