using System.Text.Json;

namespace Wharf.Api.Protobuf.Schema;

/// <summary>
/// The generated protobuf table (Generated/protobuf-schema.json, made by scripts/gen-protobuf-table.py from
/// upstream's generated.proto files and Go struct tags) linked into descriptors, plus the
/// (group, version, kind) → message index used to decode runtime.Unknown envelopes.
/// </summary>
internal sealed class ProtobufSchema
{
    private const string ResourceName = "Wharf.Api.Protobuf.Generated.protobuf-schema.json";
    private const string MetaV1Package = "k8s.io.apimachinery.pkg.apis.meta.v1";
    private const string ApiExtensionsV1 = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1";
    private const string ApiExtensionsV1Beta1 = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1";

    // Upstream registers these meta kinds in every group version (metav1.AddToGroupVersion), so a typed client
    // may send e.g. apps/v1 DeleteOptions.
    private static readonly HashSet<string> SharedMetaKinds =
        ["DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions", "GetOptions", "ListOptions", "WatchEvent"];

    private static readonly Dictionary<string, WellKnownType> WellKnownByName = BuildWellKnown();

    private static readonly Lazy<ProtobufSchema> LazyDefault = new(LoadEmbedded);

    private readonly Dictionary<string, MessageDescriptor> _messages;
    private readonly Dictionary<(string Group, string Version), string> _packageByGroupVersion;

    private ProtobufSchema(Dictionary<string, MessageDescriptor> messages,
        Dictionary<(string Group, string Version), string> packageByGroupVersion, string kubernetesVersion,
        IReadOnlyDictionary<string, string> sources)
    {
        _messages = messages;
        _packageByGroupVersion = packageByGroupVersion;
        KubernetesVersion = kubernetesVersion;
        Sources = sources;
    }

    /// <summary>The table embedded in this assembly.</summary>
    public static ProtobufSchema Default => LazyDefault.Value;

    /// <summary>The Kubernetes minor version the table was generated for.</summary>
    public string KubernetesVersion { get; }

    /// <summary>Upstream module → tag the table was generated from.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    public IEnumerable<MessageDescriptor> Messages => _messages.Values;

    public IEnumerable<(string Group, string Version)> GroupVersions => _packageByGroupVersion.Keys;

    public MessageDescriptor? FindMessage(string fullName) => _messages.GetValueOrDefault(fullName);

    /// <summary>Finds the message for an apiVersion ("v1", "apps/v1") and kind, as runtime.Unknown names them.</summary>
    public MessageDescriptor? FindKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        if (kind.Length == 0 || !_packageByGroupVersion.TryGetValue((group, version), out var package))
        {
            return null;
        }

        return FindMessage($"{package}.{kind}")
            ?? (SharedMetaKinds.Contains(kind) ? FindMessage($"{MetaV1Package}.{kind}") : null);
    }

    /// <summary>Parses and links a table; throws <see cref="InvalidDataException"/> when a reference does not resolve.</summary>
    public static ProtobufSchema Load(Stream table)
    {
        using var document = JsonDocument.Parse(table);
        var root = document.RootElement;

        var packages = new Dictionary<(string, string), string>();
        foreach (var package in root.GetProperty("packages").EnumerateObject())
        {
            var group = package.Value.GetProperty("group");
            var version = package.Value.GetProperty("version");
            if (group.ValueKind == JsonValueKind.String && version.ValueKind == JsonValueKind.String)
            {
                packages[(group.GetString()!, version.GetString()!)] = package.Name;
            }
        }

        var messages = new Dictionary<string, MessageDescriptor>(StringComparer.Ordinal);
        foreach (var message in root.GetProperty("messages").EnumerateObject())
        {
            var fields = message.Value.GetProperty("f").EnumerateArray().Select(ReadField).ToArray();
            var package = message.Name[..message.Name.LastIndexOf('.')];
            var wellKnown = WellKnownByName.GetValueOrDefault(message.Name);
            if (wellKnown == WellKnownType.None && message.Value.TryGetProperty("s", out _))
            {
                wellKnown = WellKnownType.SliceWrapper;
            }

            messages[message.Name] = new MessageDescriptor(message.Name, package, fields, wellKnown);
        }

        foreach (var message in messages.Values)
        {
            foreach (var field in message.Fields.Where(f => f.Kind == ValueKind.Message))
            {
                field.Message = messages.GetValueOrDefault(field.TypeName)
                    ?? throw new InvalidDataException($"{message.FullName}.{field.JsonName} refers to unknown message {field.TypeName}");
            }
        }

        var sources = root.GetProperty("sources").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
        return new ProtobufSchema(messages, packages, root.GetProperty("kubernetesVersion").GetString() ?? string.Empty, sources);
    }

    private static FieldDescriptor ReadField(JsonElement f)
    {
        var typeName = f.GetProperty("t").GetString()!;
        ValueKind? mapKey = f.TryGetProperty("k", out var key) ? ParseKind(key.GetString()!) : null;
        return new FieldDescriptor(
            f.GetProperty("n").GetInt32(),
            f.GetProperty("j").GetString()!,
            ParseKind(typeName),
            typeName,
            isRepeated: Flag(f, "r"),
            mapKey,
            omitEmpty: Flag(f, "o"),
            isPointer: Flag(f, "p"),
            isInline: Flag(f, "i"));
    }

    private static bool Flag(JsonElement f, string name) => f.TryGetProperty(name, out var v) && v.GetInt32() != 0;

    private static ValueKind ParseKind(string typeName) => typeName switch
    {
        "string" => ValueKind.String,
        "bytes" => ValueKind.Bytes,
        "bool" => ValueKind.Bool,
        "int32" => ValueKind.Int32,
        "int64" => ValueKind.Int64,
        "uint32" => ValueKind.UInt32,
        "uint64" => ValueKind.UInt64,
        "sint32" => ValueKind.SInt32,
        "sint64" => ValueKind.SInt64,
        "fixed32" => ValueKind.Fixed32,
        "fixed64" => ValueKind.Fixed64,
        "sfixed32" => ValueKind.SFixed32,
        "sfixed64" => ValueKind.SFixed64,
        "double" => ValueKind.Double,
        "float" => ValueKind.Float,
        _ => ValueKind.Message,
    };

    private static ProtobufSchema LoadEmbedded()
    {
        using var stream = typeof(ProtobufSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        return Load(stream);
    }

    private static Dictionary<string, WellKnownType> BuildWellKnown()
    {
        var map = new Dictionary<string, WellKnownType>(StringComparer.Ordinal)
        {
            [$"{MetaV1Package}.Time"] = WellKnownType.Time,
            [$"{MetaV1Package}.MicroTime"] = WellKnownType.MicroTime,
            [$"{MetaV1Package}.Duration"] = WellKnownType.Duration,
            [$"{MetaV1Package}.FieldsV1"] = WellKnownType.EmbeddedJson,
            ["k8s.io.apimachinery.pkg.api.resource.Quantity"] = WellKnownType.Quantity,
            ["k8s.io.apimachinery.pkg.api.resource.QuantityValue"] = WellKnownType.Quantity,
            ["k8s.io.apimachinery.pkg.util.intstr.IntOrString"] = WellKnownType.IntOrString,
            ["k8s.io.apimachinery.pkg.runtime.RawExtension"] = WellKnownType.RawExtension,
        };
        foreach (var package in new[] { ApiExtensionsV1, ApiExtensionsV1Beta1 })
        {
            map[$"{package}.JSON"] = WellKnownType.EmbeddedJson;
            map[$"{package}.JSONSchemaPropsOrArray"] = WellKnownType.SchemaOrArray;
            map[$"{package}.JSONSchemaPropsOrBool"] = WellKnownType.SchemaOrBool;
            map[$"{package}.JSONSchemaPropsOrStringArray"] = WellKnownType.SchemaOrStringArray;
        }

        return map;
    }
}
