using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry;

/// <summary>
/// Per-kind behaviour plugged into the generic REST path, as upstream's rest.RESTCreateStrategy /
/// RESTUpdateStrategy: defaulting, validation, which part of the object a write may change.
/// Implementations are stateless.
/// </summary>
public interface IResourceStrategy
{
    /// <summary>Which rule <c>metadata.name</c> must follow.</summary>
    Validation.NameFormat NameFormat { get; }

    /// <summary>Spec changes bump <c>metadata.generation</c>; creates start it at 1.</summary>
    bool TracksGeneration { get; }

    /// <summary>The kind has a <c>/status</c> subresource: the main resource ignores status and vice versa.</summary>
    bool HasStatusSubresource { get; }

    /// <summary>PUT on a missing object creates it (upstream: AllowCreateOnUpdate).</summary>
    bool AllowCreateOnUpdate { get; }

    /// <summary>Applies defaults and clears what clients may not set on create.</summary>
    void PrepareForCreate(JsonObject obj);

    /// <summary>Applies defaults on update; <paramref name="old"/> is the stored object.</summary>
    void PrepareForUpdate(JsonObject obj, JsonObject old);

    IEnumerable<FieldError> Validate(JsonObject obj);

    /// <summary>
    /// Whether an object marked for deletion whose finalizers are all gone may now be removed
    /// (pods wait for their grace period to reach zero, namespaces for their spec finalizers).
    /// </summary>
    bool ReadyToDelete(JsonObject obj);

    IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old);

    /// <summary>
    /// A write to the <c>/status</c> subresource: metadata's update rules plus the kind's status rules (upstream's
    /// status strategies, e.g. ValidatePodStatusUpdate). <paramref name="obj"/> is the stored object with the new status.
    /// </summary>
    IEnumerable<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old);
}
