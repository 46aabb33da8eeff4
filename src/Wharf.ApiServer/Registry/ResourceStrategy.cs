using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry;

/// <summary>
/// The common strategy: status is owned by the <c>/status</c> subresource when the kind has one, spec changes
/// bump the generation when the kind tracks it. Kinds with their own defaults or rules derive from it and
/// override <see cref="ApplyDefaults"/> / <see cref="ValidateObject"/>.
/// </summary>
public class ResourceStrategy : IResourceStrategy
{
    public NameFormat NameFormat { get; init; } = NameFormat.Dns1123Subdomain;
    public bool TracksGeneration { get; init; }
    public bool HasStatusSubresource { get; init; }

    /// <summary>
    /// The status given on create is kept although status is a subresource: upstream's Node strategy does so, since a
    /// kubelet registers its Node with addresses, capacity and conditions in one request.
    /// </summary>
    public bool KeepsStatusOnCreate { get; init; }
    public bool AllowCreateOnUpdate { get; init; }

    /// <summary>The kind whose upstream workload defaults apply (Deployment, ReplicaSet, Job, …), or null.</summary>
    public string? WorkloadKind { get; init; }

    /// <summary>Annotation changes count as spec changes (Deployments: rollback and change-cause annotations).</summary>
    public bool AnnotationsBumpGeneration { get; init; }

    public virtual void PrepareForCreate(JsonObject obj)
    {
        if (HasStatusSubresource && !KeepsStatusOnCreate)
            obj.Remove("status");
        if (TracksGeneration)
            Meta(obj)["generation"] = 1;
        InitialStatus(obj);
        ApplyDefaults(obj);
    }

    public virtual void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        if (HasStatusSubresource)
        {
            obj.Remove("status");
            if (old["status"] is { } status)
                obj["status"] = status.DeepClone();
        }
        ApplyDefaults(obj);
        if (TracksGeneration)
        {
            var oldGeneration = old["metadata"]?["generation"].Long() ?? 1;
            // Compare against the stored object as it would be defaulted today, so that a default added since it was
            // stored does not count as a spec change.
            var defaultedOld = old.DeepClone().AsObject();
            ApplyDefaults(defaultedOld);
            var changed = SpecChanged(obj, defaultedOld)
                || (AnnotationsBumpGeneration && !JsonNode.DeepEquals(obj["metadata"]?["annotations"], old["metadata"]?["annotations"]));
            Meta(obj)["generation"] = changed ? oldGeneration + 1 : oldGeneration;
        }
    }

    public IEnumerable<FieldError> Validate(JsonObject obj) => ValidateObject(obj).Concat(ValidateCreate(obj));

    public virtual bool ReadyToDelete(JsonObject obj) => true;

    public IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old) =>
        ObjectMetaValidator.ValidateUpdate(obj, old).Concat(ValidateObject(obj)).Concat(ValidateTransition(obj, old));

    public IEnumerable<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old) =>
        ObjectMetaValidator.ValidateUpdate(obj, old).Concat(ValidateStatusTransition(obj, old));

    /// <summary>Defaults upstream applies to this kind (both on create and update).</summary>
    protected virtual void ApplyDefaults(JsonObject obj)
    {
        if (WorkloadKind is not null) Apps.WorkloadDefaults.Apply(WorkloadKind, obj);
    }

    /// <summary>The status a new object starts with (e.g. Pending pods, Active namespaces).</summary>
    protected virtual void InitialStatus(JsonObject obj)
    {
    }

    protected virtual IEnumerable<FieldError> ValidateObject(JsonObject obj) =>
        WorkloadKind is null ? [] : Apps.WorkloadValidation.Validate(WorkloadKind, obj);

    /// <summary>Rules upstream applies on create only (e.g. limits that would break objects stored before they existed).</summary>
    protected virtual IEnumerable<FieldError> ValidateCreate(JsonObject obj) => [];

    /// <summary>Rules about what an update may change (immutable fields).</summary>
    protected virtual IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old) =>
        WorkloadKind is null ? [] : Apps.WorkloadValidation.ValidateTransition(WorkloadKind, obj, old);

    /// <summary>Rules about a status write (the new status against the stored object).</summary>
    protected virtual IEnumerable<FieldError> ValidateStatusTransition(JsonObject obj, JsonObject old) => [];

    /// <summary>Everything but metadata and status counts as spec for generation tracking.</summary>
    protected static bool SpecChanged(JsonObject obj, JsonObject old)
    {
        foreach (var (key, value) in obj)
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind") continue;
            if (!JsonNode.DeepEquals(value, old[key])) return true;
        }
        foreach (var (key, _) in old)
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind") continue;
            if (!obj.ContainsKey(key)) return true;
        }
        return false;
    }

    protected static JsonObject Meta(JsonObject obj) => obj.Obj("metadata");
}
