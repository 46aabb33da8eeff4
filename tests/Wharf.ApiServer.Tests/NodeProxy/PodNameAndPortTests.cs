using Wharf.ApiServer.NodeProxy;

namespace Wharf.ApiServer.Tests.NodeProxy;

public sealed class PodNameAndPortTests
{
    [Theory]
    [InlineData("name only", "web", "", "web", "")]
    [InlineData("name and port", "web:8080", "", "web", "8080")]
    [InlineData("named port", "web:http", "", "web", "http")]
    [InlineData("scheme, name and port", "https:web:8443", "https", "web", "8443")]
    public void Splits_scheme_name_and_port(string name, string segment, string scheme, string pod, string port)
    {
        _ = name;
        Assert.Equal(new PodNameAndPort(scheme, pod, port), PodNameAndPort.Parse(segment));
    }

    [Theory]
    [InlineData("empty name", ":80")]
    [InlineData("unknown scheme", "ftp:web:21")]
    [InlineData("too many parts", "a:b:c:d")]
    public void Refuses_malformed_segments(string name, string segment)
    {
        _ = name;
        Assert.Null(PodNameAndPort.Parse(segment));
    }
}
