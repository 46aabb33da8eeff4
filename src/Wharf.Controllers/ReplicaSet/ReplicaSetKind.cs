using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.ReplicaSet;

/// <summary>
/// What differs between ReplicaSets and ReplicationControllers for the one controller that serves both: the
/// resource and how the selector is written (a LabelSelector, or a label map that defaults to the template's
/// labels). Spec and status fields are otherwise the same.
/// </summary>
public sealed record ReplicaSetKind(Resource Resource, string ControllerName, Func<JsonObject, SelectorMatcher> Selector)
{
    public static readonly Resource ReplicationControllers = new("", "v1", "replicationcontrollers", "ReplicationController", true);

    public static readonly ReplicaSetKind ReplicaSet = new(Resource.ReplicaSets, ControllerNames.ReplicaSet,
        rs => SelectorMatcher.FromLabelSelector(rs["spec"]?["selector"]));

    public static readonly ReplicaSetKind ReplicationController = new(ReplicationControllers, ControllerNames.ReplicationController,
        rc => SelectorMatcher.FromMap(rc["spec"]?["selector"] ?? rc["spec"]?["template"]?["metadata"]?["labels"]));
}
