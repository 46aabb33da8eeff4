using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Node.Agent.Server;

/// <summary>Where and as whom the kubelet API is served, and whose client certificates it accepts.</summary>
public sealed record KubeletServerOptions(IPAddress Address, int Port, X509Certificate2 ServingCertificate, X509Certificate2 ClientCa);
