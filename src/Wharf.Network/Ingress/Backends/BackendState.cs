namespace Wharf.Network.Ingress.Backends;

/// <summary>Why a backend has or has not got somewhere to send requests.</summary>
internal enum BackendState
{
    Ready,
    ServiceNotFound,
    PortNotFound,
    NoEndpoints,
}
