using System.Text.RegularExpressions;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Networking;

/// <summary>Ingress host names: a DNS-1123 subdomain or a <c>*.</c> wildcard in front of one.</summary>
public static partial class HostRules
{
    private const string WildcardFmt = "\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    [GeneratedRegex("^" + WildcardFmt + "$")]
    private static partial Regex Wildcard();

    public static IEnumerable<string> Check(string host)
    {
        if (!host.StartsWith('*')) return NameRules.IsDns1123Subdomain(host);
        var errors = new List<string>();
        if (host.Length > 253) errors.Add("must be no more than 253 characters");
        if (!Wildcard().IsMatch(host))
            errors.Add("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '" + WildcardFmt + "')");
        return errors;
    }
}
