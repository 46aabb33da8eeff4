using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Storage;

/// <summary>Upstream's ValidateCSIDriverName: required, at most 63 characters, a DNS subdomain once lower-cased.</summary>
internal static class CsiDriverName
{
    public const int MaxLength = 63;

    public static IEnumerable<FieldError> Validate(string? name, string path)
    {
        if (string.IsNullOrEmpty(name))
        {
            yield return FieldError.Required(path);
            yield break;
        }
        if (name.Length > MaxLength)
            yield return FieldError.TooLong(path, MaxLength);
        foreach (var msg in NameRules.IsDns1123Subdomain(name.ToLowerInvariant()))
            yield return FieldError.Invalid(path, name, msg);
    }
}
