namespace Wharf.Api.Tables.Printing;

/// <summary>Placeholder conventions of the upstream printers.</summary>
internal static class Text
{
    public const string None = "<none>";
    public const string Unset = "<unset>";
    public const string Unknown = "<unknown>";

    public static string OrNone(string s) => s.Length == 0 ? None : s;

    public static string OrUnknown(string s) => s.Length == 0 ? Unknown : s;

    /// <summary>Go's printBool: <c>True</c> / <c>False</c>.</summary>
    public static string Bool(bool b) => b ? "True" : "False";

    /// <summary>Go's printBoolPtr: <c>True</c> / <c>False</c> / <c>&lt;unset&gt;</c>.</summary>
    public static string Bool(bool? b) => b is { } v ? Bool(v) : Unset;
}
