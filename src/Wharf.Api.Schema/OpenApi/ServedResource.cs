using System.Text.Json;

namespace Wharf.Api.Schema.OpenApi;

/// <summary>One resource of a group-version as the API server serves it; the input of the OpenAPI v3 builder.</summary>
/// <param name="Plural">URL segment, e.g. <c>deployments</c>.</param>
/// <param name="Verbs">Discovery verbs: get, list, watch, create, update, patch, delete, deletecollection.</param>
public sealed record ServedResource(
    string Group,
    string Version,
    string Kind,
    string Plural,
    bool Namespaced,
    IReadOnlyList<string> Verbs)
{
    public IReadOnlyList<ServedSubresource> Subresources { get; init; } = [];

    /// <summary>
    /// For a custom resource: the version's <c>schema.openAPIV3Schema</c> from its CRD (structural schema).
    /// Null for built-in kinds, whose schema comes from <see cref="ApiSchema"/>.
    /// </summary>
    public JsonElement? CustomResourceSchema { get; init; }

    /// <summary>List kind; defaults to <c>&lt;Kind&gt;List</c>.</summary>
    public string? ListKind { get; init; }

    public GroupVersionKind GroupVersionKind => new(Group, Version, Kind);

    public bool IsCustomResource => CustomResourceSchema is not null;

    internal GroupVersionKind ListGroupVersionKind => new(Group, Version, ListKind ?? Kind + "List");
}
