using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Wharf.Network.Ingress.Proxy;
using Yarp.ReverseProxy.Forwarder;

namespace Wharf.Network.Tests.Ingress.Proxy;

public sealed class RetryPolicyTests
{
    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => canHaveBody;
    }

    private sealed class ForwarderError(Exception? exception) : IForwarderErrorFeature
    {
        public Yarp.ReverseProxy.Forwarder.ForwarderError Error => Yarp.ReverseProxy.Forwarder.ForwarderError.Request;

        public Exception? Exception => exception;
    }

    [Theory]
    [InlineData("GET without body", "GET", false, true)]
    [InlineData("HEAD without body", "HEAD", false, true)]
    [InlineData("DELETE without body", "DELETE", false, true)]
    [InlineData("PUT with body", "PUT", true, false)]
    [InlineData("POST without body", "POST", false, false)]
    [InlineData("PATCH without body", "PATCH", false, false)]
    public void OnlyIdempotentBodilessRequestsAreReplayed(string _, string method, bool body, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(body));

        Assert.Equal(expected, RetryPolicy.IsReplayable(context));
    }

    public static TheoryData<string, Exception?, bool> Failures => new()
    {
        { "connection refused", new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)), true },
        { "bare socket error", new IOException("x", new SocketException((int)SocketError.HostUnreachable)), true },
        { "response ended early", new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), false },
        { "activity timeout", new OperationCanceledException(), false },
        { "no exception", null, false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void OnlyConnectFailuresCount(string _, Exception? exception, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IForwarderErrorFeature>(new ForwarderError(exception));

        Assert.Equal(expected, RetryPolicy.IsConnectFailure(context));
    }
}
