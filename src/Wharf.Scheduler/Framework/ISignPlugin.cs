using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// A plugin that can say which parts of a pod its PreFilter/Filter/PreScore/Score results depend on (upstream's
/// SignPlugin, KEP-5598). Two pods whose signatures are equal must get the same feasibility and scores on the same
/// nodes in the same state. A profile in which any PreFilter, Filter, PreScore or Score plugin lacks this interface
/// signs no pod.
/// </summary>
public interface ISignPlugin : IPlugin
{
    /// <summary>Adds this plugin's fragments; false when the pod cannot be signed (its results depend on other pods).</summary>
    bool SignPod(V1Pod pod, PodSignatureBuilder signature);

    /// <summary>
    /// False when this plugin, as configured, refuses every pod: the profile then signs no pod and skips building
    /// signatures on every cycle.
    /// </summary>
    bool CanSignPods => true;
}
