namespace Wharf.Network.Ingress.Sync;

/// <summary>Something wrong with an Ingress that users should see as a Warning event.</summary>
internal sealed record IngressProblem(string Reason, string Message)
{
    public const string ServiceNotFound = "ServiceNotFound";
    public const string PortResolutionError = "PortResolutionError";
}
