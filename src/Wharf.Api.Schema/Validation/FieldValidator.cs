using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

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

    private readonly FieldNodes _nodes = new(schema);

    /// <summary>Checks a body of a built-in kind against its definition (e.g. <c>io.k8s.api.apps.v1.Deployment</c>).</summary>
    public IReadOnlyList<string> Validate(JsonElement body, string definitionName) =>
        Utf8FieldScanner.Scan(JsonMarshal.GetRawUtf8Value(body), _nodes.For(definitionName));

    /// <summary>
    /// Checks JSON text as it was sent (repeated keys included) in one pass over its bytes, as
    /// <see cref="Validate(JsonElement, string)"/> would find them in the parsed document.
    /// </summary>
    public IReadOnlyList<string> Validate(ReadOnlyMemory<byte> utf8Json, string definitionName) =>
        Utf8FieldScanner.Scan(utf8Json.Span, _nodes.For(definitionName));

    /// <summary>
    /// Checks an object already in memory (which holds each key once) as its JSON serialisation would be checked.
    /// </summary>
    public IReadOnlyList<string> Validate(JsonObject body, string definitionName)
    {
        var root = _nodes.For(definitionName);
        return NodeFieldScanner.TryScan(body, root) ?? Utf8FieldScanner.Scan(JsonSerializer.SerializeToUtf8Bytes(body), root);
    }

    /// <summary>Checks a custom resource body against its CRD version's <c>openAPIV3Schema</c>.</summary>
    public IReadOnlyList<string> ValidateCustomResource(JsonElement body, JsonElement openApiV3Schema)
    {
        var duplicates = new FieldErrors();
        FindDuplicates(body, "", duplicates);
        var unknown = new List<string>();
        WalkStructural(body, openApiV3Schema, "", unknown, embedded: true);
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("metadata", out var metadata))
            unknown.AddRange(Utf8FieldScanner.Scan(JsonMarshal.GetRawUtf8Value(metadata), _nodes.For(ObjectMeta), checkDuplicates: false, at: "metadata"));
        unknown.Sort(StringComparer.Ordinal);
        return [.. duplicates.Messages, .. unknown.Distinct()];
    }

    /// <summary>Upstream's 400 text for Strict: <c>strict decoding error: unknown field "spec.foo", …</c>.</summary>
    /// <summary>Whether a finding is a repeated key (rather than an unknown field).</summary>
    public static bool IsDuplicate(string finding) => finding.StartsWith(FieldErrors.DuplicatePrefix, StringComparison.Ordinal);

    public static string StrictDecodingMessage(IEnumerable<string> messages) =>
        "strict decoding error: " + string.Join(", ", messages);

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
