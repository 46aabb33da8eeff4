using System.Text.Json;

namespace Wharf.Client.Tests.Support;

/// <summary>A small typed model of a ConfigMap, read with camelCase options, for the typed list/watch/informer tests.</summary>
internal sealed class ConfigMapModel
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly Client.Cache.TypedModel<ConfigMapModel> Model =
        new(Json, c => c.Metadata?.Namespace, c => c.Metadata?.Name, c => c.Metadata?.ResourceVersion);

    public ModelMetadata? Metadata { get; set; }

    public Dictionary<string, string>? Data { get; set; }
}
