using System.Text.RegularExpressions;

namespace Wharf.ApiServer.Registry.Validation;

/// <summary>
/// The name formats of apimachinery's validation package, with upstream's error texts
/// (kubectl users grep for them, so the wording is kept).
/// </summary>
public static partial class NameRules
{
    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFmt = "((" + "[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

    [GeneratedRegex("^" + Dns1123LabelFmt + "$")] private static partial Regex Dns1123Label();
    [GeneratedRegex("^" + Dns1123SubdomainFmt + "$")] private static partial Regex Dns1123Subdomain();
    [GeneratedRegex("^" + Dns1035LabelFmt + "$")] private static partial Regex Dns1035Label();
    [GeneratedRegex("^" + QualifiedNameFmt + "$")] private static partial Regex QualifiedName();
    [GeneratedRegex("^" + LabelValueFmt + "$")] private static partial Regex LabelValue();

    public static IEnumerable<string> IsDns1123Subdomain(string value)
    {
        if (value.Length > 253) yield return "must be no more than 253 characters";
        if (!Dns1123Subdomain().IsMatch(value))
            yield return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '" + Dns1123SubdomainFmt + "')";
    }

    public static IEnumerable<string> IsDns1123Label(string value)
    {
        if (value.Length > 63) yield return "must be no more than 63 characters";
        if (!Dns1123Label().IsMatch(value) && Dns1123Subdomain().IsMatch(value))
            yield return "must not contain dots";
        else if (!Dns1123Label().IsMatch(value))
            yield return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '" + Dns1123LabelFmt + "')";
    }

    public static IEnumerable<string> IsDns1035Label(string value)
    {
        if (value.Length > 63) yield return "must be no more than 63 characters";
        if (!Dns1035Label().IsMatch(value))
            yield return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '" + Dns1035LabelFmt + "')";
    }

    /// <summary>RBAC and a few other kinds only forbid what breaks a URL path segment.</summary>
    public static IEnumerable<string> IsPathSegmentName(string value)
    {
        if (value is "." or "..") yield return $"may not be '{value}'";
        foreach (var bad in new[] { "/", "%" })
            if (value.Contains(bad)) yield return $"may not contain '{bad}'";
    }

    /// <summary>Label and annotation keys: optional DNS subdomain prefix + '/' + a 63-character name.</summary>
    public static IEnumerable<string> IsQualifiedName(string value)
    {
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                    yield return "prefix part must be non-empty";
                else
                    foreach (var msg in IsDns1123Subdomain(prefix)) yield return "prefix part " + msg;
                break;
            default:
                yield return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" + QualifiedNameFmt + "') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
                yield break;
        }
        if (name.Length == 0)
            yield return "name part must be non-empty";
        else if (name.Length > 63)
            yield return "name part must be no more than 63 characters";
        if (!QualifiedName().IsMatch(name))
            yield return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" + QualifiedNameFmt + "')";
    }

    public static IEnumerable<string> IsValidLabelValue(string value)
    {
        if (value.Length > 63) yield return "must be no more than 63 characters";
        if (!LabelValue().IsMatch(value))
            yield return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '" + LabelValueFmt + "')";
    }

    // Allocation-free checks for the common case: a valid name skips the message-producing checks above, which
    // allocate an iterator per call. They accept exactly what the regular expressions accept.

    public static bool IsValidDns1123Label(string value) => value.Length <= 63 && IsLabelSpan(value);

    public static bool IsValidDns1123Subdomain(string value)
    {
        if (value.Length is 0 or > 253) return false;
        foreach (var range in value.AsSpan().Split('.'))
            if (!IsLabelSpan(value.AsSpan(range))) return false;
        return true;
    }

    public static bool IsValidQualifiedName(string value)
    {
        var slash = value.IndexOf('/');
        if (slash < 0) return IsNamePart(value);
        return slash > 0 && value.IndexOf('/', slash + 1) < 0 && IsValidDns1123Subdomain(value[..slash]) && IsNamePart(value.AsSpan(slash + 1));
    }

    public static bool IsValidLabelValueFast(string value) => value.Length == 0 || IsNamePart(value);

    private static bool IsLabelSpan(ReadOnlySpan<char> label)
    {
        if (label.Length == 0 || !IsLowerAlnum(label[0]) || !IsLowerAlnum(label[^1])) return false;
        foreach (var c in label)
            if (!IsLowerAlnum(c) && c != '-') return false;
        return true;
    }

    private static bool IsNamePart(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > 63 || !char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1])) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return false;
        return true;
    }

    private static bool IsLowerAlnum(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
