namespace Wharf.Network.Ingress.Routing;

/// <summary>How a rule path compares (ImplementationSpecific is read as Prefix).</summary>
internal enum PathKind
{
    Exact,
    Prefix,
}
