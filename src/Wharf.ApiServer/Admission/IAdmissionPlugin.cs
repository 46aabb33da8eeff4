using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// A step every write passes after defaulting and before validation and storage, as upstream's admission
/// chain (NamespaceLifecycle, service IP allocation, priority, …). Plugins mutate <see cref="AdmissionRequest.Object"/>
/// or throw a <see cref="Errors.StatusException"/> to refuse.
/// </summary>
public interface IAdmissionPlugin
{
    string Name { get; }

    Task AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken);
}

public enum AdmissionOperation { Create, Update, Delete }

public sealed record AdmissionRequest(
    AdmissionOperation Operation,
    ResourceKind Kind,
    string? Namespace,
    string Name,
    JsonObject? Object,
    JsonObject? OldObject,
    string? Subresource,
    bool DryRun);
