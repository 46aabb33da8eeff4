using System.Reflection;
using k8s.Models;

namespace Wharf.Scheduler.Util;

/// <summary>
/// Cheap copies for the assume step: a new pod and spec object (so setting spec.nodeName never touches the
/// informer's cached pod) sharing everything else, instead of a full JSON deep copy per cycle.
/// </summary>
internal static class PodCopier
{
    private static readonly Func<object, object> s_memberwiseClone = (Func<object, object>)Delegate.CreateDelegate(
        typeof(Func<object, object>), typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!);

    public static V1Pod WithNodeName(V1Pod pod, string nodeName)
    {
        var copy = (V1Pod)s_memberwiseClone(pod);
        copy.Spec = (V1PodSpec)s_memberwiseClone(pod.Spec);
        copy.Spec.NodeName = nodeName;
        return copy;
    }
}
