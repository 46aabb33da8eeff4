using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Wharf.ApiServer.NodeProxy;

namespace Wharf.ApiServer.Tests.NodeProxy;

public sealed class KubeletPathsTests
{
    private static IQueryCollection Query(string query) => new QueryCollection(QueryHelpers.ParseQuery(query));

    [Theory]
    [InlineData("exec with stdin", "exec", "?command=sh&command=-c&command=echo%20hi&container=c1&stdin=true&stdout=true&stderr=true",
        "/exec/default/web/c1?command=sh&command=-c&command=echo%20hi&input=1&output=1&error=1")]
    [InlineData("exec with a tty", "exec", "?command=sh&container=c1&stdin=true&stdout=true&tty=true",
        "/exec/default/web/c1?command=sh&input=1&output=1&tty=1")]
    [InlineData("attach drops commands", "attach", "?command=ignored&container=c1&stdout=true&stderr=true",
        "/attach/default/web/c1?output=1&error=1")]
    public void Remote_command_query_becomes_kubelets(string name, string verb, string query, string expected)
    {
        _ = name;
        Assert.Equal(expected, KubeletPaths.RemoteCommand(verb, "default", "web", "c1", Query(query)));
    }

    [Fact]
    public void Log_query_keeps_only_log_options()
    {
        var path = KubeletPaths.ContainerLogs("ns", "web-1", "c1", Query("?container=c1&follow=true&tailLines=10&timestamps=true&sinceTime=2024-01-01T00:00:00Z&pretty=true"));

        Assert.Equal("/containerLogs/ns/web-1/c1?follow=true&timestamps=true&tailLines=10&sinceTime=2024-01-01T00%3A00%3A00Z", path);
    }
}
