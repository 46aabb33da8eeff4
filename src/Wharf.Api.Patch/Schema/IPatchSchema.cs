namespace Wharf.Api.Patch.Schema;

/// <summary>Looks up the schema root of a kind for the patch and managed-fields engines.</summary>
public interface IPatchSchema
{
    /// <summary>The schema of a named definition (e.g. <c>io.k8s.api.core.v1.Pod</c>), or null when unknown.</summary>
    SchemaNode? FindDefinition(string name);

    /// <summary>The schema of a kind by <c>apiVersion</c> (<c>v1</c>, <c>apps/v1</c>) and kind, or null (CRDs, unknown kinds).</summary>
    SchemaNode? FindKind(string apiVersion, string kind);
}
