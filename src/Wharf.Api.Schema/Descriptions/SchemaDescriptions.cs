namespace Wharf.Api.Schema.Descriptions;

/// <summary>
/// Field and type descriptions for served OpenAPI documents (what <c>kubectl explain</c> prints), taken from the
/// KubernetesClient package's documentation. Best effort: null where the package documents nothing.
/// </summary>
public sealed class SchemaDescriptions
{
    private static readonly Lazy<SchemaDescriptions> LazyDefault =
        new(() => new SchemaDescriptions(ModelDocs.LoadEmbedded(), new ModelTypeMap(ApiSchema.Default.DefinitionNames)));

    private readonly ModelDocs _docs;
    private readonly ModelTypeMap _types;

    internal SchemaDescriptions(ModelDocs docs, ModelTypeMap types)
    {
        _docs = docs;
        _types = types;
    }

    public static SchemaDescriptions Default => LazyDefault.Value;

    /// <summary>The model type name a definition maps to (<c>V1DeploymentSpec</c>), for diagnostics and tests.</summary>
    public string? GetModelTypeName(string definitionName) => _types.GetModelType(definitionName)?.Name;

    public string? ForDefinition(string definitionName) =>
        _types.GetModelType(definitionName) is { } type ? _docs.ForType(type.Name) : null;

    public string? ForProperty(string definitionName, string jsonName)
    {
        if (_types.GetModelType(definitionName) is not { } type) return null;
        return _types.GetPropertyName(type, jsonName) is { } property ? _docs.ForProperty(type.Name, property) : null;
    }
}
