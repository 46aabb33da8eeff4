namespace Wharf.Api.Patch.Managed;

/// <summary>
/// One field an apply would take from another manager. <see cref="Message"/> and <see cref="Field"/> are the
/// Status cause (reason <c>FieldManagerConflict</c>) upstream answers with.
/// </summary>
public sealed record ApplyConflict(string Manager, string Operation, string? ApiVersion, string? Subresource, string Field)
{
    /// <summary>Status cause reason for apply conflicts.</summary>
    public const string CauseReason = "FieldManagerConflict";

    /// <summary>E.g. <c>conflict with "kubectl-client-side-apply" using apps/v1</c>.</summary>
    public string Message => $"conflict with {new ManagerKey(Manager, Operation, ApiVersion, Subresource).Display()}";
}
