using k8s.Models;

namespace Wharf.Node.Agent.Admission;

/// <summary>Taint/toleration matching; the agent itself only refuses pods over untolerated NoExecute taints.</summary>
internal static class Tolerations
{
    public const string NoExecute = "NoExecute";

    public static V1Taint? FirstUntolerated(IEnumerable<V1Taint>? taints, IList<V1Toleration>? tolerations, string effect) =>
        (taints ?? []).FirstOrDefault(t => t.Effect == effect && !(tolerations ?? []).Any(o => Tolerates(o, t)));

    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (toleration.Effect is { Length: > 0 } effect && effect != taint.Effect)
            return false;
        // An empty key with Exists tolerates every taint.
        if (toleration.Key is { Length: > 0 } key && key != taint.Key)
            return false;
        return toleration.OperatorProperty switch
        {
            "Exists" => true,
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }
}
