namespace Wharf.Api.Patch.Strategic;

/// <summary>Directive names of strategic merge patch (apimachinery strategicpatch).</summary>
internal static class StrategicDirectives
{
    public const string Patch = "$patch";
    public const string Delete = "delete";
    public const string Replace = "replace";
    public const string Merge = "merge";
    public const string RetainKeysStrategy = "retainKeys";
    public const string RetainKeys = "$retainKeys";
    public const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
    public const string SetElementOrderPrefix = "$setElementOrder";

    /// <summary>True for keys that only steer the merge and must never reach the stored object.</summary>
    public static bool IsDirectiveKey(string key) =>
        key == Patch || key == RetainKeys
        || key.StartsWith(DeleteFromPrimitiveListPrefix + "/", StringComparison.Ordinal)
        || key.StartsWith(SetElementOrderPrefix + "/", StringComparison.Ordinal);

    /// <summary>The list field named by <c>$prefix/field</c>; throws upstream's 400 when the form is wrong.</summary>
    public static string ExtractKey(string key, string prefix)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !string.Equals(key[..slash], prefix, StringComparison.Ordinal))
        {
            throw prefix == DeleteFromPrimitiveListPrefix
                ? StrategicErrors.BadPrimitiveList()
                : StrategicErrors.BadSetElementOrder();
        }

        return key[(slash + 1)..];
    }
}
