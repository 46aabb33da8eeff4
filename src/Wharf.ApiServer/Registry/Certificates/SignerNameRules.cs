using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Certificates;

/// <summary>Upstream's ValidateSignerName: <c>domain/path</c>, a domain of at least two DNS labels, a path of DNS labels.</summary>
internal static class SignerNameRules
{
    private const int MaxDomainLength = 253;
    private const int MaxPathLength = 253 - 63 - 1;

    public static IEnumerable<FieldError> Validate(string? signerName, string path)
    {
        if (string.IsNullOrEmpty(signerName))
        {
            yield return FieldError.Required(path);
            yield break;
        }
        var segments = signerName.Split('/');
        if (segments.Length != 2)
        {
            yield return FieldError.Invalid(path, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'");
            yield break;
        }
        var (domain, name) = (segments[0], segments[1]);
        if (domain.Length > MaxDomainLength)
            yield return FieldError.TooLong(path, MaxDomainLength);
        var domainLabels = domain.Split('.');
        foreach (var e in Labels(domainLabels, domain, path)) yield return e;
        if (domainLabels.Length < 2)
            yield return FieldError.Invalid(path, domain, "should be a domain with at least two segments separated by dots");
        foreach (var e in Labels(name.Split('.'), name, path)) yield return e;
        if (name.Length > MaxPathLength)
            yield return FieldError.TooLong(path, MaxPathLength);
    }

    /// <summary>Reports the first bad label only: the rest would repeat the same complaint.</summary>
    private static IEnumerable<FieldError> Labels(string[] labels, string segment, string path)
    {
        foreach (var label in labels)
        {
            var bad = false;
            foreach (var msg in NameRules.IsDns1123Label(label))
            {
                bad = true;
                yield return FieldError.Invalid(path, segment, $"validating label \"{label}\": {msg}");
            }
            if (bad) yield break;
        }
    }
}
