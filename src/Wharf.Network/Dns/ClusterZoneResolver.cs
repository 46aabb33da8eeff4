using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Wharf.Client.Meta;

namespace Wharf.Network.Dns;

/// <summary>
/// Answers questions about the cluster domain and the reverse zones from the informer caches, following the
/// Kubernetes DNS-based service discovery specification (service, endpoint hostname, SRV, pod and PTR records).
/// </summary>
internal sealed class ClusterZoneResolver
{
    private readonly ClusterRecordSource _source;
    private readonly DomainName _zone;
    private readonly string[] _zoneLabels;
    private readonly int _ttl;
    private readonly ClusterStateVersion _version;

    public ClusterZoneResolver(ClusterRecordSource source, string clusterDomain, TimeSpan ttl, ClusterStateVersion version)
    {
        _source = source;
        _version = version;
        _zone = DomainName.Parse(clusterDomain.TrimEnd('.').ToLowerInvariant());
        _zoneLabels = _zone.Labels;
        _ttl = (int)ttl.TotalSeconds;
    }

    /// <summary>True when the cluster zone is authoritative for <paramref name="name"/>.</summary>
    public bool IsInZone(DomainName name) => name.IsEqualOrSubDomainOf(_zone);

    /// <summary>Answers a question inside the cluster zone; never null.</summary>
    public ClusterAnswer ResolveInZone(DnsQuestion question)
    {
        var answer = new ClusterAnswer();
        var labels = Lower(question.Name);
        var relative = labels[..^_zoneLabels.Length];
        var found = relative.Length switch
        {
            0 => ZoneApex(question, answer),
            _ when relative[^1] == "svc" => ServiceNames(question, relative, answer),
            _ when relative[^1] == "pod" => PodName(question, relative, answer),
            _ => false,
        };
        if (!found) answer.ReturnCode = ReturnCode.NxDomain;
        // Negative answers (NXDOMAIN and no data) carry the SOA so resolvers can cache them (RFC 2308).
        if (answer.Answers.Count == 0) answer.Authority.Add(Soa());
        return answer;
    }

    /// <summary>PTR for a service cluster IP or a hostnamed endpoint; null when the address is not the cluster's.</summary>
    public ClusterAnswer? ResolveReverse(DnsQuestion question)
    {
        if (question.RecordType is not (RecordType.Ptr or RecordType.Any)) return null;
        if (!ReverseName.TryParse(Lower(question.Name), out var address)) return null;
        var answer = new ClusterAnswer();
        foreach (var service in _source.ServicesWithClusterIp(address))
            answer.Answers.Add(new PtrRecord(question.Name, _ttl, ServiceName(service)));
        foreach (var (service, endpoint) in _source.HostnamedEndpointsAt(address))
            answer.Answers.Add(new PtrRecord(question.Name, _ttl, DomainName.Parse(endpoint.Label) + ServiceName(service)));
        return answer.Answers.Count > 0 ? answer : null;
    }

    private bool ZoneApex(DnsQuestion question, ClusterAnswer answer)
    {
        if (question.RecordType is RecordType.Soa or RecordType.Any) answer.Answers.Add(Soa());
        return true;
    }

    private bool ServiceNames(DnsQuestion question, string[] relative, ClusterAnswer answer)
    {
        // relative ends with "svc": [svc], [ns, svc], [service, ns, svc], [endpoint, service, ns, svc],
        // [_port, _proto, service, ns, svc].
        switch (relative.Length)
        {
            case 1 or 2:
                return true; // empty non-terminals: the name exists, it just has no records
            case 3:
                return Service(question, relative[1], relative[0], answer);
            case 4:
                return EndpointHostname(question, relative[2], relative[1], relative[0], answer);
            case 5 when relative[0].StartsWith('_') && relative[1].StartsWith('_'):
                return Srv(question, relative[3], relative[2], relative[0][1..], relative[1][1..], answer);
            default:
                return false;
        }
    }

    private bool Service(DnsQuestion question, string ns, string name, ClusterAnswer answer)
    {
        if (_source.Service(ns, name) is not { } service) return false;
        var spec = service["spec"];
        if (spec?["type"]?.GetValue<string>() == "ExternalName")
        {
            if (spec["externalName"]?.GetValue<string>() is { Length: > 0 } external && DomainName.TryParse(external.TrimEnd('.'), out var target) && target is not null)
                answer.Answers.Add(new CNameRecord(question.Name, _ttl, target));
            return true;
        }
        var addresses = IsHeadless(service)
            ? _source.ReadyEndpoints(service).Select(e => e.Address)
            : ClusterRecordSource.ClusterIps(service);
        AddAddresses(question, question.Name, addresses, answer.Answers);
        if (question.RecordType is RecordType.Srv or RecordType.Any) AddSrv(question.Name, service, null, null, answer);
        return true;
    }

    private bool EndpointHostname(DnsQuestion question, string ns, string serviceName, string label, ClusterAnswer answer)
    {
        if (_source.Service(ns, serviceName) is not { } service || !IsHeadless(service)) return false;
        var matches = _source.ReadyEndpoints(service).Where(e => e.Label == label).Select(e => e.Address).ToList();
        if (matches.Count == 0) return false;
        AddAddresses(question, question.Name, matches, answer.Answers);
        return true;
    }

    private bool Srv(DnsQuestion question, string ns, string serviceName, string port, string protocol, ClusterAnswer answer)
    {
        if (_source.Service(ns, serviceName) is not { } service) return false;
        var before = answer.Answers.Count;
        if (question.RecordType is RecordType.Srv or RecordType.Any) AddSrv(question.Name, service, port, protocol, answer);
        else return HasPort(service, port, protocol);
        return answer.Answers.Count > before;
    }

    private bool HasPort(JsonObject service, string port, string protocol) =>
        PortsOf(service).Any(p => p.Name == port && p.Protocol == protocol);

    private IEnumerable<ServicePort> PortsOf(JsonObject service) =>
        IsHeadless(service) ? _source.SlicePorts(service) : ClusterRecordSource.Ports(service["spec"]?["ports"] as JsonArray);

    /// <summary>SRV records of a service's named ports (all of them when port/protocol are null), targets in additional.</summary>
    private void AddSrv(DomainName owner, JsonObject service, string? port, string? protocol, ClusterAnswer answer)
    {
        var serviceName = ServiceName(service);
        var ports = PortsOf(service).Where(p => port is null || (p.Name == port && p.Protocol == protocol)).ToList();
        if (ports.Count == 0) return;
        if (!IsHeadless(service))
        {
            foreach (var p in ports)
                answer.Answers.Add(new SrvRecord(owner, _ttl, 0, 100, (ushort)p.Port, serviceName));
            AddAddresses(null, serviceName, ClusterRecordSource.ClusterIps(service), answer.Additional);
            return;
        }
        var endpoints = _source.ReadyEndpoints(service);
        // Equal weights split traffic evenly, as upstream does (100 / number of endpoints).
        var weight = (ushort)Math.Max(1, 100 / Math.Max(1, endpoints.Count));
        foreach (var endpoint in endpoints)
        {
            var target = DomainName.Parse(endpoint.Label) + serviceName;
            foreach (var p in ports)
                answer.Answers.Add(new SrvRecord(owner, _ttl, 0, weight, (ushort)p.Port, target));
            AddAddresses(null, target, [endpoint.Address], answer.Additional);
        }
    }

    private bool PodName(DnsQuestion question, string[] relative, ClusterAnswer answer)
    {
        if (relative.Length is 1 or 2) return true;
        // Like upstream's default ("pods insecure"), the address is taken from the name without checking a pod has it.
        if (relative.Length != 3 || !DashedAddress.TryParse(relative[0], out var address)) return false;
        AddAddresses(question, question.Name, [address], answer.Answers);
        return true;
    }

    /// <summary>A/AAAA records of the addresses the question asks for (null question = both families, for additional).</summary>
    private void AddAddresses(DnsQuestion? question, DomainName owner, IEnumerable<IPAddress> addresses, List<DnsRecordBase> into)
    {
        var type = question?.RecordType ?? RecordType.Any;
        foreach (var address in addresses)
        {
            if (address.AddressFamily == AddressFamily.InterNetwork && type is RecordType.A or RecordType.Any)
                into.Add(new ARecord(owner, _ttl, address));
            else if (address.AddressFamily == AddressFamily.InterNetworkV6 && type is RecordType.Aaaa or RecordType.Any)
                into.Add(new AaaaRecord(owner, _ttl, address));
        }
    }

    private DomainName ServiceName(JsonObject service) =>
        new DomainName([ObjectMeta.Name(service)!, ObjectMeta.Namespace(service)!, "svc", .. _zoneLabels]);

    private static bool IsHeadless(JsonObject service) => service["spec"]?["clusterIP"]?.GetValue<string>() == "None";

    private SoaRecord Soa() => new(
        _zone, _ttl, DomainName.Parse("ns.dns." + _zone), DomainName.Parse("hostmaster." + _zone),
        serialNumber: _version.Serial, refreshInterval: 7200, retryInterval: 1800,
        expireInterval: 86400, negativeCachingTTL: _ttl);

    private static string[] Lower(DomainName name) => name.Labels.Select(l => l.ToLowerInvariant()).ToArray();
}
