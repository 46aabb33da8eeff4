using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Framework;

public class AffinityTermsTests
{
    private static V1PodAffinityTerm Term(Dictionary<string, string> matchLabels, IList<string>? namespaces = null, V1LabelSelector? nsSelector = null, string key = "kubernetes.io/hostname") =>
        new() { TopologyKey = key, LabelSelector = new V1LabelSelector { MatchLabels = matchLabels }, Namespaces = namespaces, NamespaceSelector = nsSelector };

    [Fact]
    public void TermsThatSayTheSame_ShareOneInstance()
    {
        var a = AffinityTerms.For(Term(new() { ["app"] = "web", ["tier"] = "1" }, ["sched-1", "sched-0"]), "default");
        var b = AffinityTerms.For(Term(new() { ["tier"] = "1", ["app"] = "web" }, ["sched-0", "sched-1"]), "other");

        Assert.Same(a, b);
        Assert.Same(AffinityTerms.For(Term(new() { ["app"] = "web" }), "ns-1"), AffinityTerms.For(Term(new() { ["app"] = "web" }, ["ns-1"]), "elsewhere"));
    }

    [Theory]
    [InlineData("the owning namespace when none is listed")]
    [InlineData("the topology key")]
    [InlineData("a label value")]
    [InlineData("a namespace selector")]
    [InlineData("text that looks like a separator")]
    public void TermsThatDiffer_DoNotShare(string difference)
    {
        var baseline = Term(new() { ["app"] = "web" });
        var (first, second, firstNs, secondNs) = difference switch
        {
            "the owning namespace when none is listed" => (baseline, baseline, "ns-1", "ns-2"),
            "the topology key" => (baseline, Term(new() { ["app"] = "web" }, key: "topology.kubernetes.io/zone"), "ns", "ns"),
            "a label value" => (baseline, Term(new() { ["app"] = "db" }), "ns", "ns"),
            "a namespace selector" => (baseline, Term(new() { ["app"] = "web" }, nsSelector: new V1LabelSelector()), "ns", "ns"),
            _ => (Term(new() { ["a"] = "b1:c" }), Term(new() { ["a"] = "b", ["1:c"] = "" }), "ns", "ns"),
        };

        Assert.NotSame(AffinityTerms.For(first, firstNs), AffinityTerms.For(second, secondNs));
        Assert.NotEqual(AffinityTerms.KeyOf(first, firstNs), AffinityTerms.KeyOf(second, secondNs));
    }

    [Fact]
    public void MatchesPodToSchedule_AnswersForThePodItIsAsked()
    {
        var term = new AffinityTerm(Term(new() { ["app"] = "web" }), "default");
        V1Pod web = PodBuilder.Make("web").Label("app", "web");
        V1Pod db = PodBuilder.Make("db").Label("app", "db");
        V1Pod elsewhere = PodBuilder.Make("web", "other").Label("app", "web");

        Assert.True(term.MatchesPodToSchedule(web, _ => null));
        Assert.True(term.MatchesPodToSchedule(web, _ => null));
        Assert.False(term.MatchesPodToSchedule(db, _ => null));
        Assert.False(term.MatchesPodToSchedule(elsewhere, _ => null));
        Assert.True(term.MatchesPodToSchedule(web, _ => null));
    }

    [Fact]
    public void MatchesPodToSchedule_ReadsNamespaceLabelsEachTime_WhenTheTermSelectsNamespaces()
    {
        var term = new AffinityTerm(Term(new() { ["app"] = "web" }, nsSelector: new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "a" } }), "default");
        V1Pod pod = PodBuilder.Make("web", "team-ns").Label("app", "web");
        var teamLabels = new Dictionary<string, string> { ["team"] = "a" };

        Assert.True(term.MatchesPodToSchedule(pod, _ => teamLabels));
        teamLabels["team"] = "b";
        Assert.False(term.MatchesPodToSchedule(pod, _ => teamLabels));
    }
}
