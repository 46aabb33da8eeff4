using System.Text.Json;

namespace Wharf.Api.Schema.Tests.Validation;

/// <summary>
/// The strict check as a plain walk over a parsed document, searching the schema at every field (how the server
/// checked bodies before the compiled one-pass scan): the tests hold the scan to the same findings in the same order.
/// </summary>
internal static class DocumentWalkOracle
{
    private const int Limit = 100;

    public static IReadOnlyList<string> Validate(ApiSchema schema, string json, string definitionName)
    {
        using var document = JsonDocument.Parse(json);
        var messages = new List<string>();
        Walk(schema, document.RootElement, schema.GetDefinition(definitionName), "", messages);
        return messages;
    }

    private static void Walk(ApiSchema schema, JsonElement value, JsonElement fieldSchema, string path, List<string> messages)
    {
        var resolved = schema.Resolve(fieldSchema, out _);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when resolved.TryGetProperty("properties", out var properties):
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var field in value.EnumerateObject())
                {
                    if (!properties.TryGetProperty(field.Name, out var propertySchema))
                    {
                        Add(messages, "unknown field " + Quote(Child(path, field.Name)));
                        continue;
                    }
                    if (!seen.Add(field.Name)) Add(messages, "duplicate field " + Quote(Child(path, field.Name)));
                    Walk(schema, field.Value, propertySchema, Child(path, field.Name), messages);
                }
                break;
            case JsonValueKind.Object when resolved.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object:
                var keys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var entry in value.EnumerateObject())
                {
                    if (!keys.Add(entry.Name)) Add(messages, "duplicate field " + Quote(Child(path, entry.Name)));
                    Walk(schema, entry.Value, values, Child(path, entry.Name), messages);
                }
                break;
            case JsonValueKind.Array when resolved.TryGetProperty("items", out var items):
                var index = 0;
                foreach (var item in value.EnumerateArray()) Walk(schema, item, items, $"{path}[{index++}]", messages);
                break;
        }
    }

    private static void Add(List<string> messages, string message)
    {
        if (messages.Count < Limit && !messages.Contains(message)) messages.Add(message);
    }

    private static string Child(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    private static string Quote(string text) => Wharf.Api.Schema.Validation.FieldErrors.GoQuote(text);
}
