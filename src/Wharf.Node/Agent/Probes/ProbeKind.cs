namespace Wharf.Node.Agent.Probes;

internal enum ProbeKind
{
    Liveness,
    Readiness,
    Startup,
}
