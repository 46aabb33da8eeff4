using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// Upstream's DefaultTolerationSeconds admission: a new pod that does not already tolerate the
/// <c>node.kubernetes.io/not-ready</c> and <c>node.kubernetes.io/unreachable</c> NoExecute taints gets a toleration
/// for each (operator Exists, 300 s), so taint-based eviction moves it off a lost node after five minutes instead of
/// at once. A toleration with an empty key or an empty effect already covers the taint, so nothing is added for it.
/// </summary>
internal sealed class DefaultTolerationSeconds(long seconds = DefaultTolerationSeconds.DefaultSeconds) : IAdmissionPlugin
{
    public const long DefaultSeconds = 300;
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    public string Name => "DefaultTolerationSeconds";

    public Task AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind.Group != "" || request.Kind.Plural != "pods" || request.Subresource is not null
            || request.Operation != AdmissionOperation.Create || request.Object is null)
            return Task.CompletedTask;
        var spec = request.Object.Obj("spec");
        if (spec["tolerations"] is not JsonArray tolerations)
        {
            tolerations = [];
            spec["tolerations"] = tolerations;
        }
        foreach (var key in new[] { NotReadyTaint, UnreachableTaint })
        {
            if (tolerations.Objects().Any(t => Covers(t, key))) continue;
            tolerations.Add(new JsonObject
            {
                ["key"] = key,
                ["operator"] = "Exists",
                ["effect"] = "NoExecute",
                ["tolerationSeconds"] = seconds,
            });
        }
        return Task.CompletedTask;
    }

    /// <summary>Whether a toleration already names this NoExecute taint (upstream looks at key and effect only).</summary>
    private static bool Covers(JsonObject toleration, string key) =>
        (toleration.Str("key") is null or "" || toleration.Str("key") == key)
        && toleration.Str("effect") is null or "" or "NoExecute";
}
