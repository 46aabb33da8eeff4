namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// Objects the controller manager puts into every namespace (as upstream's serviceaccount and root-ca-cert-publisher
/// controllers do). Tests that list a whole namespace leave these out by name, exactly as a test against a real
/// cluster has to.
/// </summary>
public static class SystemObjects
{
    public const string RootCaConfigMap = "kube-root-ca.crt";

    public const string DefaultServiceAccount = "default";

    /// <summary>A field selector term that leaves out <see cref="RootCaConfigMap"/>; join further terms with a comma.</summary>
    public const string NotRootCaConfigMap = $"metadata.name!={RootCaConfigMap}";
}
