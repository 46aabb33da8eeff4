using System.Text.Json.Nodes;
using Wharf.Client.Events;
using Wharf.Network.Ingress.Sync;

namespace Wharf.Network.Tests.Ingress.Sync;

public sealed class IngressProblemReporterTests
{
    private sealed class RecordingRecorder : IEventRecorder
    {
        public List<(string Type, string Reason)> Events { get; } = [];

        public void Event(JsonObject involved, string type, string reason, string message) => Events.Add((type, reason));
    }

    private static readonly JsonObject Ingress = new() { ["metadata"] = new JsonObject { ["name"] = "ing", ["namespace"] = "default" } };
    private static readonly IngressProblem Missing = new(IngressProblem.ServiceNotFound, "Service default/a not found");

    private readonly RecordingRecorder _recorder = new();

    private void Pass(IngressProblemReporter reporter, params IngressProblem[] problems)
    {
        reporter.BeginPass();
        reporter.Report("default/ing", Ingress, problems);
        reporter.EndPass();
    }

    [Fact]
    public void ProblemIsReportedOnceWhileItLasts()
    {
        var reporter = new IngressProblemReporter(_recorder);

        Pass(reporter, Missing);
        Pass(reporter, Missing);

        Assert.Equal([(EventTypes.Warning, IngressProblem.ServiceNotFound)], _recorder.Events);
    }

    [Fact]
    public void ProblemThatReturnsIsReportedAgain()
    {
        var reporter = new IngressProblemReporter(_recorder);

        Pass(reporter, Missing);
        Pass(reporter);
        Pass(reporter, Missing);

        Assert.Equal(2, _recorder.Events.Count);
    }
}
