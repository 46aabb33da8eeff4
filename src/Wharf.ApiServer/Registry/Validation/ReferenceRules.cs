using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Validation;

/// <summary>Rules shared by object references (scale targets, typed backends): kind and name required, usable as path segments.</summary>
internal static class ReferenceRules
{
    public static IEnumerable<FieldError> KindAndName(JsonNode? reference, string path)
    {
        foreach (var field in new[] { "kind", "name" })
        {
            var value = reference.Str(field);
            if (string.IsNullOrEmpty(value))
                yield return FieldError.Required($"{path}.{field}");
            else
                foreach (var msg in NameRules.IsPathSegmentName(value))
                    yield return FieldError.Invalid($"{path}.{field}", value, msg);
        }
    }
}
