using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Controllers.History;

namespace Wharf.Controllers.StatefulSet;

/// <summary>
/// A StatefulSet's revisions as upstream stores them: the data is the strategic merge patch
/// <c>{"spec":{"template":{...,"$patch":"replace"}}}</c> that restores the template, which is what
/// <c>kubectl rollout undo statefulset</c> applies; the revision also carries the set's annotations (change-cause).
/// </summary>
internal static class StatefulSetRevisions
{
    private const string PatchDirective = "$patch";

    public static JsonObject Patch(JsonObject set)
    {
        var template = set["spec"]?["template"]?.DeepClone() as JsonObject ?? new JsonObject();
        template[PatchDirective] = "replace";
        return new JsonObject { ["spec"] = new JsonObject { ["template"] = template } };
    }

    /// <summary>The revision of the set's present template, numbered <paramref name="number"/>, not yet created.</summary>
    public static JsonObject New(JsonObject set, long number, int collisionCount)
    {
        var revision = ControllerRevisions.New(set, Resource.StatefulSets, set["spec"]?["template"]?["metadata"]?["labels"] as JsonObject,
            Patch(set), number, collisionCount);
        if (set["metadata"]?["annotations"] is JsonObject annotations)
            ObjectMeta.Metadata(revision)["annotations"] = annotations.DeepClone();
        return revision;
    }

    /// <summary>The pod template a revision restores (the set at that revision, as upstream's ApplyRevision gives it).</summary>
    public static JsonObject Template(JsonObject revision)
    {
        var template = revision["data"]?["spec"]?["template"]?.DeepClone() as JsonObject ?? new JsonObject();
        template.Remove(PatchDirective);
        return template;
    }
}
