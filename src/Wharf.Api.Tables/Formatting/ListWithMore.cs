namespace Wharf.Api.Tables.Formatting;

/// <summary>Caps a list at a few entries and appends <c> + N more...</c> like upstream's list printers.</summary>
internal static class ListWithMore
{
    /// <summary>Joins the first <paramref name="max"/> items; an empty list prints <paramref name="empty"/>.</summary>
    public static string Format(IReadOnlyList<string> items, int max, string empty = "<unset>")
    {
        if (items.Count > max)
        {
            return string.Join(",", items.Take(max)) + " + " + (items.Count - max) + " more...";
        }

        return items.Count == 0 ? empty : string.Join(",", items);
    }
}
