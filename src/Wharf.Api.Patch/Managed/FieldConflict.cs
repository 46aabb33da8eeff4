namespace Wharf.Api.Patch.Managed;

/// <summary>A field another manager owns and an apply would change.</summary>
internal sealed record FieldConflict(ManagerKey Manager, FieldPath Path);
