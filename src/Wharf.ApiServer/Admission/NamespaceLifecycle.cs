using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.Storage;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// Refuses new objects in namespaces that do not exist (404) or are being deleted (403), as upstream's
/// NamespaceLifecycle plugin does.
/// </summary>
internal sealed class NamespaceLifecycle(IStorageBackend storage) : IAdmissionPlugin
{
    private readonly NamespaceStates _states = new();

    public string Name => "NamespaceLifecycle";

    public async Task AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Namespace is null || !request.Kind.Namespaced)
            return;
        var stored = await storage.GetAsync($"/registry/core/namespaces/{request.Namespace}", cancellationToken);
        if (stored is null)
            throw StatusErrors.NotFound("namespaces", "", "namespaces", request.Namespace);
        if (_states.IsTerminating(stored))
        {
            // Events are still accepted so that the deletion itself can be reported.
            if (request.Kind.Plural == "events") return;
            throw new StatusException(403, "Forbidden",
                $"{request.Kind.QualifiedResource} \"{request.Name}\" is forbidden: unable to create new content in namespace {request.Namespace} because it is being terminated",
                new StatusDetails(request.Name, request.Kind.Group, request.Kind.Plural, [new StatusCause("NamespaceTerminating", $"namespace {request.Namespace} is being terminated", "metadata.namespace")]));
        }
    }
}
