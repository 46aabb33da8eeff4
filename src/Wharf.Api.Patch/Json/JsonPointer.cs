namespace Wharf.Api.Patch.Json;

/// <summary>RFC 6901 pointer tokens: <c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>.</summary>
internal static class JsonPointer
{
    /// <summary>Splits a pointer into decoded tokens; <c>null</c> when it does not start with <c>/</c>.</summary>
    public static string[]? Parse(string pointer)
    {
        if (pointer.Length == 0 || pointer[0] != '/')
        {
            return null;
        }

        var parts = pointer.Substring(1).Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Unescape(parts[i]);
        }

        return parts;
    }

    // Upstream (evanphx/json-patch) decodes "~1" before "~0", so "~01" becomes "~1"; we do the same.
    public static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal)
        .Replace("~0", "~", StringComparison.Ordinal);

    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal)
        .Replace("/", "~1", StringComparison.Ordinal);
}
