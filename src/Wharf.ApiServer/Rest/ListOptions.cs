using Wharf.ApiServer.Rest.Selectors;

namespace Wharf.ApiServer.Rest;

/// <summary>The query parameters of list and watch requests, parsed.</summary>
public sealed record ListOptions
{
    public LabelSelector LabelSelector { get; init; } = LabelSelector.Everything;
    public FieldSelector FieldSelector { get; init; } = FieldSelector.Everything;
    public string? ResourceVersion { get; init; }
    public string? ResourceVersionMatch { get; init; }
    public int Limit { get; init; }
    public string? Continue { get; init; }
    public bool AllowWatchBookmarks { get; init; }
    public int? TimeoutSeconds { get; init; }
    public bool SendInitialEvents { get; init; }
}
