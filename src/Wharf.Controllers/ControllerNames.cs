namespace Wharf.Controllers;

/// <summary>Controller names as <c>--controllers</c> takes them (upstream's).</summary>
public static class ControllerNames
{
    public const string Namespace = "namespace";
    public const string ServiceAccount = "serviceaccount";
    public const string RootCaCertPublisher = "root-ca-cert-publisher";
}
