using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>The essential PodSpec rules: containers present, named as DNS labels, unique, with images.</summary>
public static class PodSpecValidator
{
    public static IEnumerable<FieldError> Validate(JsonObject? spec, string path)
    {
        var containers = spec?["containers"] as JsonArray;
        if (containers is null || containers.Count == 0)
        {
            yield return FieldError.Required($"{path}.containers");
            yield break;
        }
        var names = new HashSet<string>();
        foreach (var (list, items) in new[] { ("initContainers", spec!["initContainers"]), ("containers", (JsonNode?)containers) })
        {
            var index = 0;
            foreach (var container in items.Objects())
            {
                var at = $"{path}.{list}[{index++}]";
                var name = container.Str("name");
                if (string.IsNullOrEmpty(name))
                    yield return FieldError.Required($"{at}.name");
                else
                {
                    foreach (var msg in NameRules.IsDns1123Label(name))
                        yield return FieldError.Invalid($"{at}.name", name, msg);
                    if (!names.Add(name))
                        yield return FieldError.Duplicate($"{at}.name", name);
                }
                if (string.IsNullOrWhiteSpace(container.Str("image")))
                    yield return FieldError.Required($"{at}.image");
            }
        }
        var restart = spec.Str("restartPolicy");
        if (restart is not null && restart is not ("Always" or "OnFailure" or "Never"))
            yield return FieldError.NotSupported($"{path}.restartPolicy", restart, ["Always", "OnFailure", "Never"]);
    }
}
