namespace Wharf.Client.Rest;

/// <summary>Query options of list and watch calls (metav1.ListOptions).</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    public string? ResourceVersion { get; init; }
    public string? ResourceVersionMatch { get; init; }
    /// <summary>Page size; 0 = everything at once.</summary>
    public int Limit { get; init; }
    public string? Continue { get; init; }
    public int? TimeoutSeconds { get; init; }
    public bool AllowWatchBookmarks { get; init; }

    public static readonly ListOptions Empty = new();

    internal void AppendTo(QueryBuilder query)
    {
        query.Add("labelSelector", LabelSelector);
        query.Add("fieldSelector", FieldSelector);
        query.Add("resourceVersion", ResourceVersion);
        query.Add("resourceVersionMatch", ResourceVersionMatch);
        if (Limit > 0) query.Add("limit", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        query.Add("continue", Continue);
        if (TimeoutSeconds is { } t) query.Add("timeoutSeconds", t.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (AllowWatchBookmarks) query.Add("allowWatchBookmarks", "true");
    }
}
