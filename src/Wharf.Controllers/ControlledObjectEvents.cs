using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers;

/// <summary>
/// Routes informer events of controlled objects (pods, or a Deployment's ReplicaSets) to the workload that controls
/// each, as upstream's ReplicaSet, DaemonSet, StatefulSet and Deployment controllers do in their add/update/delete
/// handlers: a controlled object to its owner (found by controllerRef and UID), an orphan to the owners that could
/// adopt it, and an object whose controller changed to its previous owner as well. What a controlled object's
/// update means to its owner is each controller's own (<see cref="OnControlledUpdated"/>); the routing around it is
/// the same for all of them.
/// </summary>
internal abstract class ControlledObjectEvents
{
    /// <summary>The callbacks to register on the controlled objects' informer.</summary>
    public ResourceEventHandler Handler => new() { OnAdd = Add, OnUpdate = Update, OnDelete = Delete };

    /// <summary>
    /// True for controllers that keep expectations: an object seen terminating is the deletion they wait for (the
    /// final delete event comes later), also when a restart finds it already terminating.
    /// </summary>
    protected virtual bool TerminatingIsDeletion => false;

    /// <summary>The cached owner a controllerRef points at, if it is one of this controller's and still the same object.</summary>
    protected abstract JsonObject? Resolve(string? ns, JsonObject? controllerRef);

    /// <summary>Owners in the orphan's namespace that select it: candidates to adopt it.</summary>
    protected abstract IEnumerable<JsonObject> AdoptionCandidates(JsonObject obj);

    protected abstract void Enqueue(JsonObject owner);

    /// <summary>An added or updated object the controller wrote itself and already acted on: it wakes nobody.</summary>
    protected virtual bool IsOwnWrite(JsonObject obj) => false;

    /// <summary>A controlled object appeared (a creation of the owner's, or one it adopted).</summary>
    protected virtual void OnCreationObserved(JsonObject owner) => Enqueue(owner);

    /// <summary>The object went or (with <see cref="TerminatingIsDeletion"/>) began terminating, whoever owns it.</summary>
    protected virtual void OnDeleting(JsonObject obj)
    {
    }

    /// <summary>A controlled object went, or (with <see cref="TerminatingIsDeletion"/>) began terminating.</summary>
    protected virtual void OnDeletionObserved(JsonObject owner, JsonObject obj) => Enqueue(owner);

    /// <summary>An object still controlled by <paramref name="owner"/> changed (never a resync).</summary>
    protected abstract void OnControlledUpdated(JsonObject owner, JsonObject old, JsonObject cur, ControlledUpdate update);

    private void Add(JsonObject obj)
    {
        if (IsOwnWrite(obj)) return;
        if (TerminatingIsDeletion && ObjectMeta.IsBeingDeleted(obj))
        {
            Delete(obj);
            return;
        }
        if (OwnerReferences.ControllerOf(obj) is { } controllerRef)
        {
            if (Resolve(ObjectMeta.Namespace(obj), controllerRef) is { } owner) OnCreationObserved(owner);
            return;
        }
        foreach (var owner in AdoptionCandidates(obj)) Enqueue(owner);
    }

    private void Update(JsonObject old, JsonObject cur)
    {
        if (ObjectMeta.ResourceVersion(old) == ObjectMeta.ResourceVersion(cur) || IsOwnWrite(cur)) return; // resync or own write
        var labelsChanged = !JsonNode.DeepEquals(old["metadata"]?["labels"], cur["metadata"]?["labels"]);
        if (TerminatingIsDeletion && ObjectMeta.IsBeingDeleted(cur))
        {
            Delete(cur);
            // A relabelled object may have been counted by the owner its old labels matched.
            if (labelsChanged) Delete(old);
            return;
        }
        var curRef = OwnerReferences.ControllerOf(cur);
        var oldRef = OwnerReferences.ControllerOf(old);
        var controllerChanged = !JsonNode.DeepEquals(curRef, oldRef);
        if (controllerChanged && Resolve(ObjectMeta.Namespace(old), oldRef) is { } previous) Enqueue(previous);
        if (curRef is not null)
        {
            if (Resolve(ObjectMeta.Namespace(cur), curRef) is { } owner)
                OnControlledUpdated(owner, old, cur, new ControlledUpdate(labelsChanged, controllerChanged));
            return;
        }
        if (labelsChanged || controllerChanged)
        {
            foreach (var owner in AdoptionCandidates(cur)) Enqueue(owner);
        }
    }

    private void Delete(JsonObject obj)
    {
        OnDeleting(obj);
        if (Resolve(ObjectMeta.Namespace(obj), OwnerReferences.ControllerOf(obj)) is { } owner) OnDeletionObserved(owner, obj);
    }
}

/// <summary>What else changed in a controlled object's update besides what the controller reads itself.</summary>
internal readonly record struct ControlledUpdate(bool LabelsChanged, bool ControllerChanged);
