using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// The legacy seccomp and AppArmor annotations of pods: upstream's ValidateSeccompPodAnnotations and
/// ValidateAppArmorPodAnnotations (known profile formats, AppArmor annotations naming existing containers) on every
/// write, and on create the consistency of those annotations with the securityContext profile fields they predate
/// (validateSeccompAnnotationsAndFields, validateAppArmorAnnotationsAndFieldsMatchOnCreate). A pod without such
/// annotations costs one scan of its annotation keys.
/// </summary>
internal static class PodSecurityAnnotationRules
{
    public const string SeccompPodKey = "seccomp.security.alpha.kubernetes.io/pod";
    public const string SeccompContainerPrefix = "container.seccomp.security.alpha.kubernetes.io/";
    public const string AppArmorContainerPrefix = "container.apparmor.security.beta.kubernetes.io/";

    private const string RuntimeDefault = "runtime/default";
    private const string DockerDefault = "docker/default";
    private const string Unconfined = "unconfined";
    private const string LocalhostPrefix = "localhost/";
    private const string AnnotationsPath = "metadata.annotations";

    private static readonly string[] ContainerLists = ["initContainers", "containers", "ephemeralContainers"];

    /// <summary>The annotation formats, on create and update.</summary>
    public static IReadOnlyList<FieldError> Validate(JsonObject pod)
    {
        if (pod["metadata"]?["annotations"] is not JsonObject { Count: > 0 } annotations) return [];
        var errors = new List<FieldError>();
        var spec = pod["spec"] as JsonObject ?? [];
        foreach (var (key, node) in annotations)
        {
            var value = Text(node) ?? "";
            if (key == SeccompPodKey || key.StartsWith(SeccompContainerPrefix, StringComparison.Ordinal))
                SeccompProfile(value, $"{AnnotationsPath}.{key}", errors);
            else if (key.StartsWith(AppArmorContainerPrefix, StringComparison.Ordinal))
                AppArmorAnnotation(spec, key, value, errors);
        }
        return errors;
    }

    /// <summary>
    /// On update (ValidatePodSpecificAnnotationUpdates): AppArmor annotations are fixed once the pod exists, since the
    /// node applied them when it started the containers.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(JsonObject pod, JsonObject old)
    {
        var now = pod["metadata"]?["annotations"] as JsonObject;
        var before = old["metadata"]?["annotations"] as JsonObject;
        if (now is not { Count: > 0 } && before is not { Count: > 0 }) return [];
        var errors = new List<FieldError>();
        foreach (var (key, value) in before ?? [])
        {
            if (!key.StartsWith(AppArmorContainerPrefix, StringComparison.Ordinal)) continue;
            if (now?[key] is not { } current || Text(current) != Text(value))
                errors.Add(FieldError.Forbidden($"{AnnotationsPath}[{key}]", "may not remove or update AppArmor annotations"));
        }
        foreach (var (key, _) in now ?? [])
            if (key.StartsWith(AppArmorContainerPrefix, StringComparison.Ordinal) && before?.ContainsKey(key) != true)
                errors.Add(FieldError.Forbidden($"{AnnotationsPath}[{key}]", "may not add AppArmor annotations"));
        return errors;
    }

    /// <summary>On create: where both an annotation and the profile field are set, they say the same.</summary>
    public static IReadOnlyList<FieldError> ValidateFieldsMatch(JsonObject pod)
    {
        if (pod["metadata"]?["annotations"] is not JsonObject { Count: > 0 } annotations || !HasProfileAnnotation(annotations))
            return [];
        var errors = new List<FieldError>();
        var spec = pod["spec"] as JsonObject ?? [];
        var podSeccomp = spec["securityContext"]?["seccompProfile"] as JsonObject;
        if (podSeccomp is not null && Text(annotations[SeccompPodKey]) is { } podAnnotation)
            SeccompMatch(podAnnotation, podSeccomp, "spec.securityContext.seccompProfile", errors);
        var podAppArmor = spec["securityContext"]?["appArmorProfile"] as JsonObject;
        var windows = spec["os"].Str("name") == "windows";
        foreach (var list in ContainerLists)
        {
            var index = 0;
            foreach (var container in spec[list].Objects())
            {
                var at = $"spec.{list}[{index++}].securityContext";
                var name = container.Str("name") ?? "";
                if (container["securityContext"]?["seccompProfile"] is JsonObject seccomp
                    && Text(annotations[SeccompContainerPrefix + name]) is { } seccompAnnotation)
                    SeccompMatch(seccompAnnotation, seccomp, $"{at}.seccompProfile", errors);
                var appArmor = container["securityContext"]?["appArmorProfile"] as JsonObject ?? podAppArmor;
                if (!windows && appArmor is not null && Text(annotations[AppArmorContainerPrefix + name]) is { } appArmorAnnotation)
                    AppArmorMatch(appArmorAnnotation, appArmor, $"{at}.appArmorProfile", errors);
            }
        }
        return errors;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool HasProfileAnnotation(JsonObject annotations)
    {
        foreach (var (key, _) in annotations)
            if (key.StartsWith(SeccompContainerPrefix, StringComparison.Ordinal) || key.StartsWith(AppArmorContainerPrefix, StringComparison.Ordinal) || key == SeccompPodKey)
                return true;
        return false;
    }

    /// <summary>ValidateSeccompProfile: runtime/default, docker/default, unconfined or localhost/RELATIVE-PATH.</summary>
    private static void SeccompProfile(string value, string path, List<FieldError> errors)
    {
        if (value is RuntimeDefault or DockerDefault or Unconfined) return;
        if (value.StartsWith(LocalhostPrefix, StringComparison.Ordinal))
            PathRules.LocalDescending(value[LocalhostPrefix.Length..], path, errors);
        else
            errors.Add(FieldError.Invalid(path, value, "must be a valid seccomp profile"));
    }

    private static void AppArmorAnnotation(JsonObject spec, string key, string value, List<FieldError> errors)
    {
        var path = $"{AnnotationsPath}[{key}]";
        var container = key[AppArmorContainerPrefix.Length..];
        if (!HasContainer(spec, container))
            errors.Add(FieldError.Invalid(path, container, "container not found"));
        if (value is not ("" or RuntimeDefault or Unconfined) && !value.StartsWith(LocalhostPrefix, StringComparison.Ordinal))
            errors.Add(FieldError.Invalid(path, value, $"invalid AppArmor profile name: \"{value}\""));
    }

    private static bool HasContainer(JsonObject spec, string name)
    {
        foreach (var list in ContainerLists)
            foreach (var container in spec[list].Objects())
                if (container.Str("name") == name)
                    return true;
        return false;
    }

    private static void SeccompMatch(string annotation, JsonObject profile, string path, List<FieldError> errors) =>
        ProfileMatch(annotation, profile, path, "seccomp", isRuntimeDefault: annotation is RuntimeDefault or DockerDefault, errors);

    private static void AppArmorMatch(string annotation, JsonObject profile, string path, List<FieldError> errors) =>
        ProfileMatch(annotation, profile, path, "apparmor", isRuntimeDefault: annotation == RuntimeDefault, errors);

    private static void ProfileMatch(string annotation, JsonObject profile, string path, string what, bool isRuntimeDefault, List<FieldError> errors)
    {
        var typeMismatch = profile.Str("type") switch
        {
            "Unconfined" => annotation != Unconfined,
            "RuntimeDefault" => !isRuntimeDefault,
            "Localhost" => !annotation.StartsWith(LocalhostPrefix, StringComparison.Ordinal),
            _ => false,
        };
        if (typeMismatch)
            errors.Add(FieldError.Forbidden($"{path}.type", $"{what} type in annotation and field must match"));
        else if (profile.Str("type") == "Localhost" && profile.Str("localhostProfile") != annotation[LocalhostPrefix.Length..])
            errors.Add(FieldError.Forbidden($"{path}.localhostProfile", $"{what} profile in annotation and field must match"));
    }
}
