namespace Wharf.ApiServer.Registry;

/// <summary>
/// One served resource at one group-version: its names for discovery and URLs, its scope, verbs and
/// subresources, and the strategy that supplies its defaults, validation and status split.
/// Several versions of one resource (autoscaling v1 and v2) share a <see cref="StoragePrefix"/>.
/// </summary>
public sealed record ResourceKind
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required string Kind { get; init; }
    public required bool Namespaced { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Verbs { get; init; } = ResourceVerbs.All;
    public IReadOnlyList<Subresource> Subresources { get; init; } = [];
    public required IResourceStrategy Strategy { get; init; }

    /// <summary>True for resources whose objects live in the store; false for request-only kinds (reviews).</summary>
    public bool Stored { get; init; } = true;

    /// <summary>Set when this version is not the one stored under <see cref="StoragePrefix"/>.</summary>
    public Conversion.IVersionConverter? Converter { get; init; }

    /// <summary>For custom resources: the version's openAPIV3Schema from the CRD.</summary>
    public System.Text.Json.JsonElement? CustomResourceSchema { get; init; }

    /// <summary>For custom resources: the CRD version's additionalPrinterColumns.</summary>
    public System.Text.Json.Nodes.JsonArray? AdditionalPrinterColumns { get; init; }

    public string ListKind => Kind + "List";
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>How errors name the resource: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Store keys: <c>/registry/{group}/{plural}/{namespace}/{name}</c> (core as "core").</summary>
    public string StoragePrefix => $"/registry/{(Group.Length == 0 ? "core" : Group)}/{Plural}/";

    public bool HasSubresource(string name) => Subresources.Any(s => s.Name == name);

    public bool Supports(string verb) => Verbs.Contains(verb);
}

public static class ResourceVerbs
{
    public static readonly IReadOnlyList<string> All = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    public static readonly IReadOnlyList<string> CreateOnly = ["create"];
    public static readonly IReadOnlyList<string> ReadWrite = ["get", "patch", "update"];
}
