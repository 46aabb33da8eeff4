using Wharf.Scheduler.Metrics;
using Wharf.Scheduler.Scheduling;

namespace Wharf.Scheduler.Tests.Metrics;

public sealed class PrometheusTextTests
{
    [Theory]
    [InlineData("below first bound", 0.5, "1,1,1,1")]
    [InlineData("on a bound (inclusive)", 2.0, "0,1,1,1")]
    [InlineData("above every bound", 9.0, "0,0,0,1")]
    public void Histogram_BucketsAreCumulativeWithInclusiveUpperBounds(string @case, double value, string expected)
    {
        var h = new Histogram([1, 2, 4]);
        h.Observe(value);
        var text = new StringWriter();
        new PrometheusText(text).Histogram("x", [], h);
        var counts = text.ToString().Split('\n').Where(l => l.StartsWith("x_bucket", StringComparison.Ordinal)).Select(l => l[(l.LastIndexOf(' ') + 1)..]);
        Assert.True(expected == string.Join(",", counts), @case);
        Assert.Contains("x_bucket{le=\"+Inf\"} 1\n", text.ToString());
        Assert.Contains($"x_sum {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n", text.ToString());
    }

    [Fact]
    public void Sample_EscapesLabelValues()
    {
        var text = new StringWriter();
        new PrometheusText(text).Sample("m", [("profile", "a\"b\\c")], 3);
        Assert.Equal("m{profile=\"a\\\"b\\\\c\"} 3\n", text.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void SchedulerMetrics_ExposeAttemptsByProfileAndResult_AndVictims()
    {
        var metrics = new SchedulerMetrics();
        metrics.RecordScheduled("p1", TimeSpan.FromMilliseconds(3), TimeSpan.FromSeconds(1), 1);
        metrics.RecordUnschedulable("p1", TimeSpan.FromMilliseconds(1));
        metrics.RecordUnschedulable("p2", TimeSpan.FromMilliseconds(1));
        metrics.RecordPreemptionVictims(7);
        var text = new StringWriter();
        metrics.WriteTo(text, null);
        var s = text.ToString();

        Assert.Contains("# TYPE scheduler_schedule_attempts_total counter\n", s);
        Assert.Contains("scheduler_schedule_attempts_total{profile=\"p1\",result=\"scheduled\"} 1\n", s);
        Assert.Contains("scheduler_schedule_attempts_total{profile=\"p1\",result=\"unschedulable\"} 1\n", s);
        Assert.Contains("scheduler_schedule_attempts_total{profile=\"p2\",result=\"unschedulable\"} 1\n", s);
        Assert.Contains("scheduler_scheduling_attempt_duration_seconds_bucket{profile=\"p1\",result=\"scheduled\",le=\"0.004\"} 1\n", s);
        Assert.Contains("scheduler_scheduling_attempt_duration_seconds_bucket{profile=\"p1\",result=\"scheduled\",le=\"0.002\"} 0\n", s);
        Assert.Contains("scheduler_preemption_victims_bucket{le=\"5\"} 0\n", s);
        Assert.Contains("scheduler_preemption_victims_bucket{le=\"10\"} 1\n", s);
        Assert.Contains("scheduler_pod_scheduling_sli_duration_seconds_count{attempts=\"1\"} 1\n", s);
        Assert.DoesNotContain("scheduler_pending_pods", s);
    }
}
