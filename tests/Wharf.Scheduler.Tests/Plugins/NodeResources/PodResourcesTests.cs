using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Tests.Plugins.NodeResources;

public class PodResourcesTests
{
    [Theory]
    [InlineData("sum of containers", 0, 0, false, 1500)]
    [InlineData("init larger than containers", 3000, 0, false, 3000)]
    [InlineData("sidecar adds to containers", 0, 500, false, 2000)]
    [InlineData("init after sidecar adds the sidecar", 0, 500, true, 2500)]
    public void Requests_MilliCpu(string name, int initMilli, int sidecarMilli, bool initAfterSidecar, long expected)
    {
        var b = PodBuilder.Make().Req(("cpu", "1")).Container(("cpu", "500m"));
        if (sidecarMilli > 0) b.InitReq(true, ("cpu", sidecarMilli + "m"));
        if (initMilli > 0) b.InitReq(false, ("cpu", initMilli + "m"));
        if (initAfterSidecar) b.InitReq(false, ("cpu", "2"));

        Assert.Equal(expected, PodResources.Requests(b).MilliCpu);
        Assert.NotNull(name);
    }

    [Fact]
    public void NonZeroDefaults_ApplyOnlyToAbsentRequests()
    {
        var explicitZero = PodBuilder.Make().Req(("cpu", "0")).Obj();

        var r = PodResources.Requests(explicitZero, nonZeroDefaults: true);

        Assert.Equal(0, r.MilliCpu);
        Assert.Equal(PodResources.DefaultMemoryRequest, r.Memory);
    }
}
