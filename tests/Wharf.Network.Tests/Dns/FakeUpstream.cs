using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Wharf.Network.Tests.Dns;

/// <summary>A DNS server on loopback standing in for the resolv.conf upstream: knows one name and counts queries.</summary>
internal sealed class FakeUpstream : IDisposable
{
    public static readonly DomainName KnownName = DomainName.Parse("www.example.test");
    public static readonly IPAddress KnownAddress = IPAddress.Parse("192.0.2.7");

    private readonly DnsServer _server;
    private int _queries;

    public FakeUpstream(int port)
    {
        Port = port;
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        _server = new DnsServer(new UdpServerTransport(endpoint, 2000), new TcpServerTransport(endpoint, 2000, 10_000));
        _server.QueryReceived += (_, e) =>
        {
            Interlocked.Increment(ref _queries);
            var query = (DnsMessage)e.Query;
            var response = query.CreateResponseInstance();
            var question = query.Questions[0];
            if (question.Name.Equals(KnownName, false) && question.RecordType == RecordType.A)
                response.AnswerRecords.Add(new ARecord(question.Name, 60, KnownAddress));
            else
                response.ReturnCode = ReturnCode.NxDomain;
            e.Response = response;
            return Task.CompletedTask;
        };
        _server.Start();
    }

    public int Port { get; }

    public int Queries => Volatile.Read(ref _queries);

    public void Dispose() => _server.Stop();
}
