using System.Globalization;
using System.Text.Json.Nodes;
using Grpc.Core;
using k8s.Models;
using Wharf.Client.Events;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Pods;

/// <summary>What a start attempt left: nothing (started) or the waiting reason and message to report.</summary>
internal sealed record StartFailure(string Reason, string Message);

/// <summary>
/// Starts one container of a pod in its sandbox: image, environment, mounts and command, then CreateContainer,
/// StartContainer and the postStart hook, each step with kubelet's event (Pulled, Created, Started, Failed…).
/// </summary>
internal sealed class ContainerStarter(PodAgentContext context)
{
    public async Task<StartFailure?> StartAsync(PodRun run, V1Container container, uint attempt, CancellationToken ct)
    {
        var pod = run.Pod;
        var timer = run.Startup;
        var step = timer?.Mark() ?? 0;
        var (imageRef, reason, message) = await context.Images.EnsureAsync(run.PodRef, pod, container, ct);
        timer?.Record(PodStartupSteps.Image, step);
        if (imageRef is null)
            return new StartFailure(reason!, message!);

        ContainerSpec spec;
        try
        {
            var env = await new EnvResolver(run.Objects, run.PodIp, context.Node.HostIp, context.Node.AllocatableCpu, context.Node.AllocatableMemory)
                .ResolveAsync(pod, container, ct);
            spec = Build(run, container, attempt, env);
        }
        catch (ContainerConfigException e)
        {
            context.Events.Event(run.PodRef, EventTypes.Warning, "Failed", $"Error: {e.Message}");
            return new StartFailure("CreateContainerConfigError", e.Message);
        }

        string id;
        try
        {
            step = timer?.Mark() ?? 0;
            id = await context.Runtime.CreateContainerAsync(run.SandboxId, run.Sandbox, spec, ct);
            timer?.Record(PodStartupSteps.Create, step);
        }
        catch (RpcException e)
        {
            context.Events.Event(run.PodRef, EventTypes.Warning, "Failed", $"Error: {e.Status.Detail}");
            return new StartFailure("CreateContainerError", e.Status.Detail);
        }
        context.Events.Event(run.PodRef, EventTypes.Normal, "Created", $"Created container: {container.Name}");
        try
        {
            step = timer?.Mark() ?? 0;
            await context.Runtime.StartContainerAsync(id, ct);
            timer?.Record(PodStartupSteps.Start, step);
        }
        catch (RpcException e)
        {
            context.Events.Event(run.PodRef, EventTypes.Warning, "Failed", $"Error: failed to start container \"{container.Name}\": {e.Status.Detail}");
            return new StartFailure("RunContainerError", e.Status.Detail);
        }
        context.Events.Event(run.PodRef, EventTypes.Normal, "Started", $"Started container {container.Name}");

        if (container.Lifecycle?.PostStart?.Exec?.Command is { Count: > 0 } hook)
        {
            var result = await context.Runtime.ExecSyncAsync(id, hook.ToList(), TimeSpan.FromSeconds(30), ct);
            if (result.ExitCode != 0)
            {
                var text = $"PostStartHookError: command '{string.Join(' ', hook)}' exited with {result.ExitCode}: {result.StdoutText}{result.StderrText}";
                context.Events.Event(run.PodRef, EventTypes.Warning, "FailedPostStartHook", text);
                await context.Runtime.StopContainerAsync(id, TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? 30), ct);
                return new StartFailure("PostStartHookError", text);
            }
        }
        return null;
    }

    private ContainerSpec Build(PodRun run, V1Container container, uint attempt, IReadOnlyList<KeyValuePair<string, string>> env)
    {
        var values = env.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        string? Lookup(string name) => values.GetValueOrDefault(name);
        var labels = PodLabels.ForPod(run.Pod.Metadata.NamespaceProperty, run.Pod.Metadata.Name, run.Pod.Metadata.Uid);
        labels[PodLabels.ContainerName] = container.Name;
        return new ContainerSpec
        {
            Name = container.Name,
            Image = container.Image,
            Attempt = attempt,
            Command = (container.Command ?? []).Select(c => VarExpansion.Expand(c, Lookup)).ToList(),
            Args = (container.Args ?? []).Select(a => VarExpansion.Expand(a, Lookup)).ToList(),
            WorkingDir = container.WorkingDir ?? "",
            Env = env,
            Mounts = Mounts(run, container),
            Resources = ResourceMapping.For(container, run.QosClass, context.Node.MemoryBytes),
            Labels = labels,
            Annotations = new Dictionary<string, string>
            {
                ["io.kubernetes.container.restartCount"] = attempt.ToString(CultureInfo.InvariantCulture),
                ["io.kubernetes.pod.terminationGracePeriod"] = (run.Pod.Spec.TerminationGracePeriodSeconds ?? 30).ToString(CultureInfo.InvariantCulture),
            },
            Stdin = container.Stdin == true,
            StdinOnce = container.StdinOnce == true,
            Tty = container.Tty == true,
        };
    }

    private static List<MountSpec> Mounts(PodRun run, V1Container container)
    {
        var mounts = new List<MountSpec>();
        var volumes = run.Pod.Spec.Volumes ?? [];
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!run.VolumePaths.TryGetValue(mount.Name, out var hostPath))
                throw new ContainerConfigException($"cannot find volume \"{mount.Name}\" to mount into container \"{container.Name}\"");
            var volume = volumes.FirstOrDefault(v => v.Name == mount.Name);
            // Content the API owns is always mounted read-only, as kubelet does.
            var apiOwned = volume is { ConfigMap: not null } or { Secret: not null } or { Projected: not null } or { DownwardAPI: not null };
            if (mount.SubPath is { Length: > 0 } subPath)
            {
                if (subPath.Split('/').Contains(".."))
                    throw new ContainerConfigException($"subPath \"{subPath}\" must not contain '..'");
                hostPath = Path.Combine(hostPath, subPath);
                if (!apiOwned && !Path.Exists(hostPath))
                    Directory.CreateDirectory(hostPath);
            }
            mounts.Add(new MountSpec(mount.MountPath, hostPath, ReadOnly: mount.ReadOnlyProperty == true || apiOwned));
        }
        if (run.HostsFile is { } hosts && run.Pod.Spec.HostNetwork != true && mounts.All(m => m.ContainerPath != "/etc/hosts"))
            mounts.Add(new MountSpec("/etc/hosts", hosts));
        return mounts;
    }
}
