using k8s.Models;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Ephemeral containers (<c>kubectl debug</c>): added to a running pod through pods/ephemeralcontainers, started once
/// in its sandbox when the pod's containers run, never restarted, and without ports, probes, lifecycle hooks or
/// resources (the API refuses those). They are run through the same starter as regular containers.
/// </summary>
internal static class EphemeralContainers
{
    /// <summary>The container an ephemeral container's fields describe.</summary>
    public static V1Container AsContainer(V1EphemeralContainer ephemeral) => new()
    {
        Name = ephemeral.Name,
        Image = ephemeral.Image,
        ImagePullPolicy = ephemeral.ImagePullPolicy,
        Command = ephemeral.Command,
        Args = ephemeral.Args,
        WorkingDir = ephemeral.WorkingDir,
        Env = ephemeral.Env,
        EnvFrom = ephemeral.EnvFrom,
        VolumeMounts = ephemeral.VolumeMounts,
        VolumeDevices = ephemeral.VolumeDevices,
        SecurityContext = ephemeral.SecurityContext,
        Stdin = ephemeral.Stdin,
        StdinOnce = ephemeral.StdinOnce,
        Tty = ephemeral.Tty,
        TerminationMessagePath = ephemeral.TerminationMessagePath,
        TerminationMessagePolicy = ephemeral.TerminationMessagePolicy,
    };

    public static IReadOnlyList<V1Container> Of(V1Pod pod) => (pod.Spec.EphemeralContainers ?? []).Select(AsContainer).ToList();
}
