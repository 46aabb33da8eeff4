using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's validateContainers / validateInitContainers / validateContainerCommon: names, images, enums, ports,
/// env, mounts, resources, security context, probes and lifecycle hooks, in upstream's order.
/// </summary>
internal static class ContainerRules
{
    private static readonly string[] MessagePolicies = ["File", "FallbackToLogsOnError"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] SidecarRestartPolicies = ["Always"];
    private const string InitOnly = "may not be set for init containers without restartPolicy=Always";

    public static void ValidateContainers(JsonObject spec, IReadOnlyDictionary<string, JsonObject> volumes, string specPath, bool isPod, List<FieldError> errors)
    {
        var path = $"{specPath}.containers";
        if (spec["containers"] is not JsonArray { Count: > 0 } containers)
        {
            errors.Add(FieldError.Required(path));
            return;
        }
        var grace = spec["terminationGracePeriodSeconds"].Long();
        var names = new HashSet<string>();
        var index = 0;
        foreach (var container in containers.Objects())
        {
            var at = $"{path}[{index++}]";
            ValidateCommon(container, volumes, at, isPod, errors);
            var name = container.Str("name") ?? "";
            if (!names.Add(name))
                errors.Add(FieldError.Duplicate($"{at}.name", name));
            if (container["lifecycle"] is JsonObject lifecycle)
                ProbeRules.ValidateLifecycle(lifecycle, grace, $"{at}.lifecycle", errors);
            ProbeRules.ValidateProbes(container, grace, at, errors);
            if (container["restartPolicy"] is not null)
                errors.Add(FieldError.Forbidden($"{at}.restartPolicy", "may not be set for non-init containers"));
        }
        HostPortConflicts(containers.Objects(), path, errors);
    }

    public static void ValidateInitContainers(JsonObject spec, IReadOnlyDictionary<string, JsonObject> volumes, string specPath, bool isPod, List<FieldError> errors)
    {
        if (spec["initContainers"] is not JsonArray { Count: > 0 } containers) return;
        var path = $"{specPath}.initContainers";
        var grace = spec["terminationGracePeriodSeconds"].Long();
        var names = new HashSet<string>();
        foreach (var container in spec["containers"].Objects())
            names.Add(container.Str("name") ?? "");
        var index = 0;
        foreach (var container in containers.Objects())
        {
            var at = $"{path}[{index}]";
            ValidateCommon(container, volumes, at, isPod, errors);
            var restart = container.Str("restartPolicy");
            if (restart is not null && restart != "Always")
                errors.Add(FieldError.NotSupported($"{at}.restartPolicy", restart, SidecarRestartPolicies));
            var name = container.Str("name") ?? "";
            if (names.Contains(name))
                errors.Add(FieldError.Duplicate($"{at}.name", name));
            else if (name.Length > 0)
                names.Add(name);
            // Init containers run one at a time, so their host ports only clash within one container (upstream checks
            // each as a list of one, hence reports it at index 0).
            HostPortConflicts([container], path, errors);
            if (restart == "Always")
            {
                if (container["lifecycle"] is JsonObject lifecycle)
                    ProbeRules.ValidateLifecycle(lifecycle, grace, $"{at}.lifecycle", errors);
                ProbeRules.ValidateProbes(container, grace, at, errors);
            }
            else
            {
                foreach (var field in (ReadOnlySpan<string>)["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"])
                    if (container[field] is not null)
                        errors.Add(FieldError.Forbidden($"{at}.{field}", InitOnly));
            }
            index++;
        }
    }

    /// <summary>
    /// validatePodHostNetworkDeps: with the host's network a container port is the host port. Wharf does not default
    /// hostPort from containerPort, so an unset hostPort passes here as it does for templates upstream.
    /// </summary>
    public static void ValidateHostNetworkPorts(JsonObject spec, string specPath, List<FieldError> errors)
    {
        if (spec["hostNetwork"].Bool() != true) return;
        var index = 0;
        foreach (var container in spec["containers"].Objects())
        {
            var portIndex = 0;
            foreach (var port in container["ports"].Objects())
            {
                if (port["hostPort"].Long() is { } host and not 0 && host != port["containerPort"].Long())
                    errors.Add(FieldError.Invalid($"{specPath}.containers[{index}].ports[{portIndex}].hostPort", host, "must match `containerPort` when `hostNetwork` is true"));
                portIndex++;
            }
            index++;
        }
    }

    private static void ValidateCommon(JsonObject container, IReadOnlyDictionary<string, JsonObject> volumes, string at, bool isPod, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(container.Str("name")))
            errors.Add(FieldError.Required($"{at}.name"));
        else
            PodSpecValidator.Label(container, "name", at, errors);
        var image = container.Str("image");
        if (string.IsNullOrEmpty(image))
            errors.Add(FieldError.Required($"{at}.image"));
        PodSpecValidator.OneOf(container, "terminationMessagePolicy", at, MessagePolicies, errors);
        if (container["ports"] is JsonArray { Count: > 0 } ports)
            ValidatePorts(ports, $"{at}.ports", errors);
        if (container["env"] is JsonArray { Count: > 0 } env)
            EnvRules.ValidateEnv(env, $"{at}.env", errors);
        if (container["envFrom"] is JsonArray { Count: > 0 } envFrom)
            EnvRules.ValidateEnvFrom(envFrom, $"{at}.envFrom", errors);
        VolumeMountRules.Validate(container, volumes, at, errors);
        PodSpecValidator.OneOf(container, "imagePullPolicy", at, PullPolicies, errors);
        if (container["resources"] is JsonObject { Count: > 0 } resources)
            ResourceRequirementRules.Validate(resources, $"{at}.resources", errors);
        if (container["securityContext"] is JsonObject { Count: > 0 } securityContext)
            SecurityContextRules.ValidateContainer(securityContext, $"{at}.securityContext", errors);
        // Templates keep accepting padded images for backward compatibility; pods do not.
        if (isPod && image is not null && image.Length != image.Trim().Length)
            errors.Add(FieldError.Invalid($"{at}.image", image, "must not have leading or trailing whitespace"));
    }

    private static void ValidatePorts(JsonNode? ports, string path, List<FieldError> errors)
    {
        if (ports is not JsonArray { Count: > 0 }) return;
        var names = new HashSet<string>();
        var index = 0;
        foreach (var port in ports.Objects())
        {
            var at = new LazyPath(path, index++);
            var name = port.Str("name");
            if (!string.IsNullOrEmpty(name))
            {
                var bad = false;
                foreach (var msg in NetworkRules.IsValidPortName(name))
                {
                    errors.Add(FieldError.Invalid($"{at}.name", name, msg));
                    bad = true;
                }
                if (!bad && !names.Add(name))
                    errors.Add(FieldError.Duplicate($"{at}.name", name));
            }
            var containerPort = port["containerPort"].Long() ?? 0;
            if (containerPort == 0)
                errors.Add(FieldError.Required($"{at}.containerPort"));
            else if (containerPort is < 1 or > 65535)
                errors.Add(FieldError.Invalid($"{at}.containerPort", containerPort, NetworkRules.PortRange));
            if (port["hostPort"].Long() is { } hostPort and not 0 and (< 1 or > 65535))
                errors.Add(FieldError.Invalid($"{at}.hostPort", hostPort, NetworkRules.PortRange));
            PodSpecValidator.OneOf(port, "protocol", at, Protocols, errors);
        }
    }

    /// <summary>AccumulateUniqueHostPorts: one host port per protocol and host IP across the given containers.</summary>
    private static void HostPortConflicts(IEnumerable<JsonObject> containers, string path, List<FieldError> errors)
    {
        HashSet<string>? seen = null;
        var index = 0;
        foreach (var container in containers)
        {
            var portIndex = 0;
            foreach (var port in container["ports"].Objects())
            {
                if (port["hostPort"].Long() is { } hostPort and not 0)
                {
                    var key = $"{port.Str("protocol")}/{port.Str("hostIP")}/{hostPort}";
                    if (!(seen ??= []).Add(key))
                        errors.Add(FieldError.Duplicate($"{path}[{index}].ports[{portIndex}].hostPort", key));
                }
                portIndex++;
            }
            index++;
        }
    }
}
