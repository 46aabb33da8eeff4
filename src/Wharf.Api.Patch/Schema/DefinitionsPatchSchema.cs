using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Schema;

/// <summary>
/// <see cref="IPatchSchema"/> over a swagger 2.0 <c>definitions</c> table (the format of
/// <c>Wharf.Api.Schema/Generated/api-schema.json</c>). The caller loads the JSON; this type only reads it, once.
/// </summary>
public sealed class DefinitionsPatchSchema : IPatchSchema
{
    /// <summary>
    /// Defaults of list-map keys that upstream's served OpenAPI carries but the swagger we generate from omits.
    /// Without them an applied port without <c>protocol</c> would not match the live, defaulted port.
    /// </summary>
    private static readonly Dictionary<(string Definition, string Property), string> KnownKeyDefaults = new()
    {
        [("io.k8s.api.core.v1.ContainerPort", "protocol")] = "\"TCP\"",
        [("io.k8s.api.core.v1.ServicePort", "protocol")] = "\"TCP\"",
        [("io.k8s.api.core.v1.EndpointPort", "protocol")] = "\"TCP\"",
    };

    private readonly Dictionary<string, RawSchema> _definitions;
    private readonly Dictionary<(string ApiVersion, string Kind), string> _kinds = new();
    private readonly ConcurrentDictionary<string, SchemaNode?> _nodes = new(StringComparer.Ordinal);

    /// <param name="definitions">Either the <c>definitions</c> object or a document containing one.</param>
    public DefinitionsPatchSchema(JsonObject definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var table = definitions["definitions"] as JsonObject ?? definitions;
        _definitions = new Dictionary<string, RawSchema>(StringComparer.Ordinal);
        foreach (var (name, schema) in table)
        {
            var raw = RawSchema.Read(schema);
            _definitions[name] = raw;
            foreach (var (group, version, kind) in raw.GroupVersionKinds)
            {
                var apiVersion = group.Length == 0 ? version : $"{group}/{version}";
                _kinds.TryAdd((apiVersion, kind), name);
            }
        }
    }

    public SchemaNode? FindDefinition(string name) =>
        _nodes.GetOrAdd(name, static (n, self) => self._definitions.ContainsKey(n) ? new SchemaNode(RawSchema.RefTo(n), self) : null, this);

    public SchemaNode? FindKind(string apiVersion, string kind) =>
        _kinds.TryGetValue((apiVersion, kind), out var name) ? FindDefinition(name) : null;

    internal RawSchema? Raw(string name) => _definitions.GetValueOrDefault(name);

    internal RawSchema PatchedProperty(string? definition, string property, RawSchema raw) =>
        definition is not null && raw.DefaultJson is null && KnownKeyDefaults.TryGetValue((definition, property), out var json)
            ? raw.WithDefault(json)
            : raw;
}
