using System.Text.Json.Nodes;

namespace Wharf.Client.Rest;

/// <summary>The body of a delete or deletecollection call (metav1.DeleteOptions).</summary>
public sealed record DeleteOptions
{
    public long? GracePeriodSeconds { get; init; }
    /// <summary>Orphan, Background or Foreground (see <see cref="PropagationPolicies"/>).</summary>
    public string? PropagationPolicy { get; init; }
    public string? PreconditionUid { get; init; }
    public string? PreconditionResourceVersion { get; init; }
    public bool DryRun { get; init; }

    public static readonly DeleteOptions Background = new() { PropagationPolicy = PropagationPolicies.Background };

    public JsonObject ToJson()
    {
        var body = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1" };
        if (GracePeriodSeconds is { } grace) body["gracePeriodSeconds"] = grace;
        if (PropagationPolicy is not null) body["propagationPolicy"] = PropagationPolicy;
        if (PreconditionUid is not null || PreconditionResourceVersion is not null)
        {
            var pre = new JsonObject();
            if (PreconditionUid is not null) pre["uid"] = PreconditionUid;
            if (PreconditionResourceVersion is not null) pre["resourceVersion"] = PreconditionResourceVersion;
            body["preconditions"] = pre;
        }
        if (DryRun) body["dryRun"] = new JsonArray("All");
        return body;
    }
}
