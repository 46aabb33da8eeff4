using System.Text.Json;

namespace Wharf.Api.Schema;

/// <summary>A resolved schema and the definition it belongs to (null for inline schemas such as strings).</summary>
public readonly record struct SchemaLocation(string? DefinitionName, JsonElement Schema);
