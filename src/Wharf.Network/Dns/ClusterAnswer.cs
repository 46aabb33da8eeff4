using ARSoft.Tools.Net.Dns;

namespace Wharf.Network.Dns;

/// <summary>What the cluster zone says about one question: a return code and the records of each section.</summary>
internal sealed class ClusterAnswer
{
    public ReturnCode ReturnCode { get; set; } = ReturnCode.NoError;

    public List<DnsRecordBase> Answers { get; } = [];

    public List<DnsRecordBase> Authority { get; } = [];

    public List<DnsRecordBase> Additional { get; } = [];
}
