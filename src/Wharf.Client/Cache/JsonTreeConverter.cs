using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Wharf.JsonTrees;

namespace Wharf.Client.Cache;

/// <summary>
/// The informers' whole-object reader: each listed or watched object is read from the stream's bytes by
/// <see cref="JsonTreeReader"/> into the fully built tree the cache keeps (objects shared between threads must not
/// be lazy, see <see cref="JsonTree.Materialize"/>). <c>metadata.managedFields</c> of the top-level object can be
/// skipped unread for informers that strip it anyway.
/// </summary>
internal sealed class JsonTreeConverter(JsonTreeReader treeReader) : JsonConverter<JsonObject>
{
    public static JsonSerializerOptions Options(bool skipManagedFields) =>
        new() { Converters = { new JsonTreeConverter(new JsonTreeReader(JsonNamePool.Shared, skipManagedFields)) } };

    public override bool HandleNull => false;

    public override JsonObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => treeReader.ReadObject(ref reader);

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) => value.WriteTo(writer);
}
