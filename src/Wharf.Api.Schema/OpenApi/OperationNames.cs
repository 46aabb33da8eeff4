namespace Wharf.Api.Schema.OpenApi;

/// <summary>Upstream-style operation id stems: <c>AppsV1NamespacedDeployment</c>, <c>CoreV1Node</c>.</summary>
internal static class OperationNames
{
    public static string Of(ServedResource resource, bool allNamespaces = false)
    {
        var group = resource.Group.Length == 0 ? "core" : resource.Group.Replace(".k8s.io", "", StringComparison.Ordinal);
        var groupPart = string.Concat(group.Split('.', '-').Select(Pascal));
        var scope = resource.Namespaced && !allNamespaces ? "Namespaced" : "";
        var suffix = allNamespaces ? "ForAllNamespaces" : "";
        return $"{groupPart}{Pascal(resource.Version)}{scope}{resource.Kind}{suffix}";
    }

    public static string Pascal(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
