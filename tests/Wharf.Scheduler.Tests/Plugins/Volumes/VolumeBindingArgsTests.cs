using System.Text.Json;
using Wharf.Scheduler.Config;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins.VolumeBinding;

namespace Wharf.Scheduler.Tests.Plugins.Volumes;

public class VolumeBindingArgsTests
{
    [Theory]
    [InlineData("defaulted", "{}", 600)]
    [InlineData("set in pluginConfig", "{\"bindTimeoutSeconds\":30}", 30)]
    [InlineData("zero", "{\"bindTimeoutSeconds\":0}", 0)]
    public void BindTimeoutSeconds_FromPluginConfig(string name, string json, long expected)
    {
        var args = new PluginContext(null!, JsonDocument.Parse(json).RootElement).Args<VolumeBindingArgs>();

        Assert.Equal(expected, args.BindTimeoutSeconds);
        Assert.NotNull(name);
    }

    [Fact]
    public void NegativeBindTimeout_IsAConfigError()
    {
        var context = new PluginContext(null!, JsonDocument.Parse("{\"bindTimeoutSeconds\":-1}").RootElement);

        var e = Assert.Throws<InvalidSchedulerConfigException>(() => VolumeBindingFactory.Create(context));
        Assert.Contains("bindTimeoutSeconds", e.Message);
    }
}
