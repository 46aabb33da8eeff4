namespace Wharf.Api.Patch.Managed;

/// <summary>
/// Identity of a managedFields entry as upstream builds it: manager, operation, subresource and, for Update only,
/// the apiVersion (one Apply entry per manager regardless of version).
/// </summary>
internal sealed record ManagerKey(string Manager, string Operation, string? ApiVersion, string? Subresource)
{
    /// <summary>The transient identity of the running update before it is folded into the caller's entry.</summary>
    public static readonly ManagerKey CurrentOperation = new("current-operation", ManagedFieldsOperation.Update, null, null);

    public static ManagerKey ForUpdate(string manager, string apiVersion, string? subresource) =>
        new(manager, ManagedFieldsOperation.Update, apiVersion, Normalize(subresource));

    public static ManagerKey ForApply(string manager, string? subresource) =>
        new(manager, ManagedFieldsOperation.Apply, null, Normalize(subresource));

    /// <summary>Upstream's printManager: <c>"name"</c>, plus subresource, plus <c>using v</c> for updaters.</summary>
    public string Display()
    {
        var text = $"\"{Manager}\"";
        if (!string.IsNullOrEmpty(Subresource))
        {
            text += $" with subresource \"{Subresource}\"";
        }

        return Operation == ManagedFieldsOperation.Update ? $"{text} using {ApiVersion}" : text;
    }

    private static string? Normalize(string? subresource) => string.IsNullOrEmpty(subresource) ? null : subresource;
}
