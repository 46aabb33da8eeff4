using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Wharf.ApiServer.Authentication;
using Wharf.ApiServer.Pki;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Authentication;

/// <summary>
/// Only a request on a connection the loopback listener accepted (and while it is open) is system:apiserver;
/// nothing the client sends can make it so.
/// </summary>
public sealed class LoopbackAuthenticationTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly LoopbackConnections _loopback = new();
    private readonly RequestAuthenticator _withSocket;
    private readonly RequestAuthenticator _withoutSocket;

    public LoopbackAuthenticationTests()
    {
        var pki = ClusterPki.LoadOrCreate(_directory.Path, ["localhost"], [IPAddress.Loopback]);
        var tokens = new ServiceAccountTokens(pki.ServiceAccountKey, TimeProvider.System);
        _withSocket = new RequestAuthenticator(pki.Ca, null, tokens, loopback: _loopback);
        _withoutSocket = new RequestAuthenticator(pki.Ca, null, tokens);
    }

    [Theory]
    [InlineData("the loopback connection", "loop-1", "system:apiserver")]
    [InlineData("another connection", "tcp-7", "system:anonymous")]
    [InlineData("a connection without id", "", "system:anonymous")]
    public async Task User_DependsOnTheConnection(string _, string requestConnection, string expected)
    {
        UserInfo? user = null;
        var track = _loopback.Track(_ =>
        {
            user = _withSocket.Authenticate(On(requestConnection));
            return Task.CompletedTask;
        });

        await track(new DefaultConnectionContext("loop-1"));

        Assert.Equal(expected, user!.Name);
        if (expected == "system:apiserver") Assert.Equal(["system:masters", "system:authenticated"], user.Groups);
    }

    [Fact]
    public async Task AClosedLoopbackConnection_IsForgotten()
    {
        await _loopback.Track(_ => Task.CompletedTask)(new DefaultConnectionContext("loop-2"));

        Assert.Same(UserInfo.Anonymous, _withSocket.Authenticate(On("loop-2")));
    }

    [Fact]
    public async Task WithoutALoopbackSocket_NoConnectionIsTheApiServer()
    {
        UserInfo? user = null;
        await _loopback.Track(_ =>
        {
            user = _withoutSocket.Authenticate(On("loop-3"));
            return Task.CompletedTask;
        })(new DefaultConnectionContext("loop-3"));

        Assert.Same(UserInfo.Anonymous, user);
    }

    private static DefaultHttpContext On(string connectionId)
    {
        var context = new DefaultHttpContext();
        context.Connection.Id = connectionId;
        return context;
    }

    public void Dispose() => _directory.Dispose();
}
