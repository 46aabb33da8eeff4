using Wharf.Node.Agent.Stats;

namespace Wharf.Node.Tests.Stats;

public sealed class ResourceMetricsTextTests
{
    // SampleSnapshot.Time is 1767323045678 in Unix milliseconds.
    [Theory]
    [InlineData("container cpu", "container_cpu_usage_seconds_total{container=\"app\",namespace=\"web\",pod=\"shop\"} 1.5 1767323045678")]
    [InlineData("container memory", "container_memory_working_set_bytes{container=\"app\",namespace=\"web\",pod=\"shop\"} 2048 1767323045678")]
    [InlineData("container start", "container_start_time_seconds{container=\"app\",namespace=\"web\",pod=\"shop\"} 1767312060 1767312060000")]
    [InlineData("node cpu", "node_cpu_usage_seconds_total 90.5 1767323045678")]
    [InlineData("node memory", "node_memory_working_set_bytes 2000 1767323045678")]
    [InlineData("pod cpu", "pod_cpu_usage_seconds_total{namespace=\"web\",pod=\"shop\"} 2 1767323045678")]
    [InlineData("pod memory", "pod_memory_working_set_bytes{namespace=\"web\",pod=\"shop\"} 4096 1767323045678")]
    [InlineData("no scrape error", "resource_scrape_error 0")]
    [InlineData("deprecated scrape error", "scrape_error 0")]
    public void Has_the_sample_line(string name, string line)
    {
        var lines = ResourceMetricsText.Build(SampleSnapshot.Create()).Split('\n');

        Assert.True(lines.Contains(line), $"{name}: missing {line}");
    }

    [Fact]
    public void Every_family_has_help_and_type_before_its_samples()
    {
        var text = ResourceMetricsText.Build(SampleSnapshot.Create());

        Assert.Contains("# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds\n" +
                        "# TYPE container_cpu_usage_seconds_total counter\ncontainer_cpu_usage_seconds_total{", text);
        Assert.Contains("# TYPE pod_memory_working_set_bytes gauge\npod_memory_working_set_bytes{", text);
    }

    [Fact]
    public void A_failed_source_sets_scrape_error()
    {
        var lines = ResourceMetricsText.Build(SampleSnapshot.Create(errors: 1)).Split('\n');

        Assert.Contains("resource_scrape_error 1", lines);
        Assert.Contains("scrape_error 1", lines);
    }
}
