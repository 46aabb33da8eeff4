using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// One sync pass's view of a pod that has a ready sandbox: what starting its containers needs (and, during the pod's
/// first start, the timer its steps go to).
/// </summary>
internal sealed record PodRun(
    V1Pod Pod,
    JsonObject PodRef,
    string SandboxId,
    PodSandboxSpec Sandbox,
    string PodIp,
    string QosClass,
    ObjectSource Objects,
    IReadOnlyDictionary<string, string> VolumePaths,
    string? HostsFile,
    PodStartupTimer? Startup);
