using System.Text.Json;

namespace Wharf.Api.Schema.Validation;

/// <summary>
/// Finds unknown and duplicate fields in a request body for <c>fieldValidation=Strict|Warn</c>. Built-in kinds are
/// checked the way upstream's strict JSON decoder does (document order, list indexes in paths, nothing below
/// values with custom decoding such as IntOrString, Quantity, Time or RawExtension); custom resources the way CRD
/// pruning does (unknown paths sorted, <c>x-kubernetes-preserve-unknown-fields</c> honoured, metadata checked as
/// ObjectMeta). Messages are upstream's; <see cref="StrictDecodingMessage"/> joins them for a 400 answer.
/// </summary>
public sealed class FieldValidator(ApiSchema schema)
{
    private const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static readonly string[] TypeAndObjectMeta = ["apiVersion", "kind", "metadata"];

    public static FieldValidator Default { get; } = new(ApiSchema.Default);

    /// <summary>Checks a body of a built-in kind against its definition (e.g. <c>io.k8s.api.apps.v1.Deployment</c>).</summary>
    public IReadOnlyList<string> Validate(JsonElement body, string definitionName)
    {
        var errors = new FieldErrors();
        WalkTyped(body, schema.GetDefinition(definitionName), "", errors);
        return errors.Messages;
    }

    /// <summary>Parses <paramref name="utf8Json"/> keeping duplicate keys, then checks it as <see cref="Validate(JsonElement, string)"/>.</summary>
    public IReadOnlyList<string> Validate(ReadOnlyMemory<byte> utf8Json, string definitionName)
    {
        using var document = JsonDocument.Parse(utf8Json);
        return Validate(document.RootElement, definitionName);
    }

    /// <summary>Checks a custom resource body against its CRD version's <c>openAPIV3Schema</c>.</summary>
    public IReadOnlyList<string> ValidateCustomResource(JsonElement body, JsonElement openApiV3Schema)
    {
        var duplicates = new FieldErrors();
        FindDuplicates(body, "", duplicates);
        var unknown = new List<string>();
        WalkStructural(body, openApiV3Schema, "", unknown, embedded: true);
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("metadata", out var metadata))
        {
            var metaErrors = new FieldErrors();
            WalkTyped(metadata, schema.GetDefinition(ObjectMeta), "metadata", metaErrors, checkDuplicates: false);
            unknown.AddRange(metaErrors.Messages);
        }
        unknown.Sort(StringComparer.Ordinal);
        return [.. duplicates.Messages, .. unknown.Distinct()];
    }

    /// <summary>Upstream's 400 text for Strict: <c>strict decoding error: unknown field "spec.foo", …</c>.</summary>
    public static string StrictDecodingMessage(IEnumerable<string> messages) =>
        "strict decoding error: " + string.Join(", ", messages);

    private void WalkTyped(JsonElement value, JsonElement fieldSchema, string path, FieldErrors errors, bool checkDuplicates = true)
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
                        errors.Unknown(FieldPath.Child(path, field.Name));
                        continue;
                    }
                    if (!seen.Add(field.Name) && checkDuplicates) errors.Duplicate(FieldPath.Child(path, field.Name));
                    WalkTyped(field.Value, propertySchema, FieldPath.Child(path, field.Name), errors, checkDuplicates);
                }
                break;
            case JsonValueKind.Object when resolved.TryGetProperty("additionalProperties", out var values)
                                           && values.ValueKind == JsonValueKind.Object:
                var keys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var entry in value.EnumerateObject())
                {
                    if (!keys.Add(entry.Name) && checkDuplicates) errors.Duplicate(FieldPath.Child(path, entry.Name));
                    WalkTyped(entry.Value, values, FieldPath.Child(path, entry.Name), errors, checkDuplicates);
                }
                break;
            case JsonValueKind.Array when resolved.TryGetProperty("items", out var items):
                var index = 0;
                foreach (var item in value.EnumerateArray()) WalkTyped(item, items, FieldPath.Index(path, index++), errors, checkDuplicates);
                break;
            // Anything else has no structure to check: scalars, and types with their own decoding (IntOrString,
            // Quantity, Time, RawExtension, FieldsV1, JSON, JSONSchemaPropsOr*) whose schemas list no fields.
        }
    }

    private static void WalkStructural(JsonElement value, JsonElement node, string path, List<string> unknown, bool embedded)
    {
        var preserve = node.TryGetProperty("x-kubernetes-preserve-unknown-fields", out var flag) && flag.ValueKind == JsonValueKind.True;
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                node.TryGetProperty("properties", out var properties);
                var additional = node.TryGetProperty("additionalProperties", out var values) ? values : default;
                foreach (var field in value.EnumerateObject())
                {
                    if (embedded && TypeAndObjectMeta.Contains(field.Name)) continue;
                    var child = FieldPath.Child(path, field.Name);
                    if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(field.Name, out var propertySchema))
                        WalkStructural(field.Value, propertySchema, child, unknown, IsEmbedded(propertySchema));
                    else if (additional.ValueKind == JsonValueKind.Object)
                        WalkStructural(field.Value, additional, child, unknown, IsEmbedded(additional));
                    else if (!preserve && additional.ValueKind != JsonValueKind.True)
                        unknown.Add("unknown field " + FieldErrors.GoQuote(child));
                }
                break;
            case JsonValueKind.Array when node.TryGetProperty("items", out var items):
                var index = 0;
                foreach (var item in value.EnumerateArray())
                    WalkStructural(item, items, FieldPath.Index(path, index++), unknown, IsEmbedded(items));
                break;
        }
    }

    private static bool IsEmbedded(JsonElement node) =>
        node.TryGetProperty("x-kubernetes-embedded-resource", out var flag) && flag.ValueKind == JsonValueKind.True;

    /// <summary>Custom resources decode into plain maps, where every repeated key counts.</summary>
    private static void FindDuplicates(JsonElement value, string path, FieldErrors errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var keys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var field in value.EnumerateObject())
                {
                    if (!keys.Add(field.Name)) errors.Duplicate(FieldPath.Child(path, field.Name));
                    FindDuplicates(field.Value, FieldPath.Child(path, field.Name), errors);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray()) FindDuplicates(item, FieldPath.Index(path, index++), errors);
                break;
        }
    }
}
