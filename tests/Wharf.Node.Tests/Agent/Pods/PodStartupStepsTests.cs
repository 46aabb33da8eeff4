using System.Text;
using Wharf.Node.Agent.Pods;

namespace Wharf.Node.Tests.Agent.Pods;

public sealed class PodStartupStepsTests
{
    [Fact]
    public void Steps_are_summed_and_counted_per_step_in_the_prometheus_text_format()
    {
        var steps = new PodStartupSteps();
        steps.Record(PodStartupSteps.Sandbox, TimeSpan.FromMilliseconds(500));
        steps.Record(PodStartupSteps.Sandbox, TimeSpan.FromMilliseconds(250));
        steps.Record(PodStartupSteps.Admission, TimeSpan.FromMilliseconds(2));

        var text = new StringBuilder();
        steps.WriteTo(text);

        Assert.Equal("""
            # HELP wharf_pod_startup_step_seconds Time the agent spent in each step of a pod's first start.
            # TYPE wharf_pod_startup_step_seconds summary
            wharf_pod_startup_step_seconds_sum{step="admission"} 0.002
            wharf_pod_startup_step_seconds_count{step="admission"} 1
            wharf_pod_startup_step_seconds_sum{step="sandbox"} 0.75
            wharf_pod_startup_step_seconds_count{step="sandbox"} 2

            """.ReplaceLineEndings("\n"), text.ToString());
    }

    [Fact]
    public void A_timer_records_its_steps_and_the_total_once_and_nothing_after_the_pod_has_started()
    {
        var time = new SteppingTime();
        var steps = new PodStartupSteps();
        var timer = new PodStartupTimer(steps, time);
        time.Advance(TimeSpan.FromMilliseconds(100));
        timer.FirstSync();
        timer.FirstSync();
        var mark = timer.Mark();
        time.Advance(TimeSpan.FromMilliseconds(300));
        timer.Record(PodStartupSteps.Sandbox, mark);
        timer.Complete();
        timer.Complete();
        timer.Record(PodStartupSteps.Start, timer.Mark());

        var text = new StringBuilder();
        steps.WriteTo(text);

        Assert.Contains("_sum{step=\"queue\"} 0.1\n", text.ToString());
        Assert.Contains("_count{step=\"queue\"} 1\n", text.ToString());
        Assert.Contains("_sum{step=\"sandbox\"} 0.3\n", text.ToString());
        Assert.Contains("_sum{step=\"total\"} 0.4\n", text.ToString());
        Assert.Contains("_count{step=\"total\"} 1\n", text.ToString());
        Assert.DoesNotContain("step=\"start\"", text.ToString());
    }

    /// <summary>A clock whose timestamps move only when the test says so.</summary>
    private sealed class SteppingTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
