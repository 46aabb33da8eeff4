namespace Wharf.Api.Schema;

/// <summary>A Kubernetes group/version/kind; the core group is the empty string.</summary>
public readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary><c>apps/v1</c>, or <c>v1</c> for the core group (the form of <c>apiVersion</c>).</summary>
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => $"{GroupVersion}, Kind={Kind}";
}
