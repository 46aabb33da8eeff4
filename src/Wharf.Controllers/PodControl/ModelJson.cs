using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Wharf.Controllers.PodControl;

/// <summary>
/// Moves between the informers' JSON and the typed models. Deserialising is also the deep copy upstream takes
/// before mutating a cached object: the model never shares nodes with the cache.
/// </summary>
internal static class ModelJson
{
    // KubernetesJson's own options (it keeps them private; AddJsonOptions hands them over), copied so theirs stay
    // untouched: with them a model is written straight to UTF-8, without the UTF-16 string KubernetesJson.Serialize
    // returns and JsonNode.Parse transcodes again (ToJson and ToNode were 1.4 % of a density run's server CPU).
    internal static readonly JsonSerializerOptions Options = CreateOptions();

    public static T ToModel<T>(JsonObject obj) => KubernetesJson.Deserialize<T>(obj);

    /// <summary>
    /// The model of a write's answer, which belongs to the caller: its managedFields are dropped first. The informers'
    /// copies have none (they strip them), nothing a pass does reads them, and they are about as large as the rest of
    /// a Deployment or ReplicaSet, so deserialising them was a good part of each answer's cost.
    /// </summary>
    public static T AnswerToModel<T>(JsonObject answer)
    {
        (answer["metadata"] as JsonObject)?.Remove("managedFields");
        return ToModel<T>(answer);
    }

    public static JsonObject ToJson(object model) => ToNode(model)!.AsObject();

    public static JsonNode? ToNode(object? model) => model is null ? null : JsonNode.Parse(ToUtf8(model));

    /// <summary>The model's wire text as UTF-8: what KubernetesJson.Serialize writes, without the UTF-16 string.</summary>
    public static byte[] ToUtf8(object model) => JsonSerializer.SerializeToUtf8Bytes(model, model.GetType(), Options);

    /// <summary>The model read from its UTF-8 wire text, as KubernetesJson.Deserialize reads the text.</summary>
    public static T FromUtf8<T>(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<T>(utf8, Options)!;

    /// <summary>
    /// A deep copy of a model through its UTF-8 wire text (no JSON tree in between, unlike ToModel(ToJson(m)), and no
    /// UTF-16 string: every Deployment pass copies its status at least once).
    /// </summary>
    public static T Copy<T>(T model) where T : class => FromUtf8<T>(ToUtf8(model));

    private static JsonSerializerOptions CreateOptions()
    {
        JsonSerializerOptions? models = null;
        KubernetesJson.AddJsonOptions(o => models = o);
        var options = new JsonSerializerOptions(models ?? throw new InvalidOperationException("KubernetesJson handed over no options"));
        options.MakeReadOnly();
        return options;
    }
}
