using Wharf.ApiServer.Hosting.InProcess;

namespace Wharf.ApiServer.Tests.Hosting;

public sealed class LongRunningRequestTests
{
    [Theory]
    [InlineData("watch param", "http://localhost/api/v1/pods?watch=true&resourceVersion=5", true)]
    [InlineData("watch=1", "http://localhost/apis/apps/v1/namespaces/a/deployments?watch=1", true)]
    [InlineData("watch present without value", "http://localhost/api/v1/pods?allowWatchBookmarks=true&watch", true)]
    [InlineData("legacy watch path", "http://localhost/api/v1/watch/namespaces/a/pods", true)]
    [InlineData("followed log", "http://localhost/api/v1/namespaces/a/pods/p/log?follow=true", true)]
    [InlineData("exec", "http://localhost/api/v1/namespaces/a/pods/p/exec?command=sh", true)]
    [InlineData("port-forward", "http://localhost/api/v1/namespaces/a/pods/p/portforward", true)]
    [InlineData("service proxy", "http://localhost/api/v1/namespaces/a/services/s/proxy/healthz", true)]
    [InlineData("list", "http://localhost/api/v1/pods?limit=500", false)]
    [InlineData("watch=false", "http://localhost/api/v1/pods?watch=false", false)]
    [InlineData("allowWatchBookmarks alone", "http://localhost/api/v1/pods?allowWatchBookmarks=true", false)]
    [InlineData("log without follow", "http://localhost/api/v1/namespaces/a/pods/p/log", false)]
    [InlineData("follow on a list", "http://localhost/api/v1/pods?follow=true", false)]
    [InlineData("a pod named watch", "http://localhost/api/v1/namespaces/a/pods/watch", false)]
    [InlineData("status patch", "http://localhost/api/v1/namespaces/a/pods/p/status", false)]
    public void Is(string name, string uri, bool longRunning)
    {
        Assert.True(LongRunningRequest.Is(new Uri(uri)) == longRunning, name);
    }
}
