using System.Text.Json.Nodes;

namespace Wharf.Controllers.Tests;

public sealed class ControlledObjectEventsTests
{
    private const string Ns = "work";

    /// <summary>Owners by name (UID "uid-NAME"), each selecting app=NAME; records every call as a line.</summary>
    private sealed class Recorder(bool terminatingIsDeletion, params string[] owners) : ControlledObjectEvents
    {
        public List<string> Calls { get; } = [];
        public HashSet<string> OwnWrites { get; } = [];

        protected override bool TerminatingIsDeletion => terminatingIsDeletion;

        protected override JsonObject? Resolve(string? ns, JsonObject? controllerRef)
        {
            var name = controllerRef?["name"]?.GetValue<string>();
            return name is not null && owners.Contains(name) && controllerRef!["uid"]?.GetValue<string>() == $"uid-{name}" && ns == Ns
                ? Owner(name)
                : null;
        }

        protected override IEnumerable<JsonObject> AdoptionCandidates(JsonObject obj) =>
            owners.Where(o => obj["metadata"]?["labels"]?["app"]?.GetValue<string>() == o).Select(Owner);

        protected override void Enqueue(JsonObject owner) => Calls.Add($"enqueue {Name(owner)}");

        protected override bool IsOwnWrite(JsonObject obj) => OwnWrites.Contains(obj["metadata"]!["resourceVersion"]!.GetValue<string>());

        protected override void OnCreationObserved(JsonObject owner) => Calls.Add($"created {Name(owner)}");

        protected override void OnDeleting(JsonObject obj) => Calls.Add($"deleting {Name(obj)}");

        protected override void OnDeletionObserved(JsonObject owner, JsonObject obj) => Calls.Add($"deleted {Name(obj)} of {Name(owner)}");

        protected override void OnControlledUpdated(JsonObject owner, JsonObject old, JsonObject cur, ControlledUpdate update) =>
            Calls.Add($"updated {Name(cur)} of {Name(owner)} labels={update.LabelsChanged} controller={update.ControllerChanged}");

        private static JsonObject Owner(string name) => new() { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns, ["uid"] = $"uid-{name}" } };

        private static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();
    }

    private static JsonObject Pod(string rv, string app, string? controller = null, string? uid = null, bool terminating = false)
    {
        var metadata = new JsonObject
        {
            ["name"] = "p",
            ["namespace"] = Ns,
            ["resourceVersion"] = rv,
            ["labels"] = new JsonObject { ["app"] = app },
        };
        if (controller is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = controller, ["uid"] = uid ?? $"uid-{controller}", ["controller"] = true,
            });
        }
        if (terminating) metadata["deletionTimestamp"] = "2026-11-27T06:00:00Z";
        return new JsonObject { ["metadata"] = metadata };
    }

    [Fact]
    public void Add_OfAControlledObject_IsACreationOfItsOwner_AndAnOrphanWakesTheOwnersThatSelectIt()
    {
        var events = new Recorder(false, "a", "b");
        events.Handler.OnAdd!(Pod("1", "b", controller: "a"));
        events.Handler.OnAdd!(Pod("2", "b"));
        events.Handler.OnAdd!(Pod("3", "a", controller: "a", uid: "a-recreated"));

        Assert.Equal(["created a", "enqueue b"], events.Calls);
    }

    [Theory]
    [InlineData(true, new[] { "deleting p", "deleted p of a" })]
    [InlineData(false, new[] { "created a" })]
    public void Add_OfATerminatingObject_IsADeletionOnlyForControllersWithExpectations(bool terminatingIsDeletion, string[] expected)
    {
        var events = new Recorder(terminatingIsDeletion, "a");
        events.Handler.OnAdd!(Pod("1", "a", controller: "a", terminating: true));

        Assert.Equal(expected, events.Calls);
    }

    [Fact]
    public void Update_SkipsResyncsAndOwnWrites()
    {
        var events = new Recorder(true, "a");
        events.OwnWrites.Add("3");
        var pod = Pod("2", "a", controller: "a");
        events.Handler.OnUpdate!(pod, pod);
        events.Handler.OnUpdate!(pod, Pod("3", "x", controller: "a"));
        events.Handler.OnAdd!(Pod("3", "a", controller: "a"));

        Assert.Empty(events.Calls);
    }

    [Fact]
    public void Update_ThatMovesTheObjectToAnotherController_WakesBoth()
    {
        var events = new Recorder(false, "a", "b");
        events.Handler.OnUpdate!(Pod("1", "a", controller: "a"), Pod("2", "a", controller: "b"));

        Assert.Equal(["enqueue a", "updated p of b labels=False controller=True"], events.Calls);
    }

    [Fact]
    public void Update_OfAnOrphan_WakesAdoptersOnlyWhenItsLabelsOrControllerChanged()
    {
        var events = new Recorder(false, "a", "b");
        events.Handler.OnUpdate!(Pod("1", "a"), Pod("2", "a"));
        events.Handler.OnUpdate!(Pod("2", "a"), Pod("3", "b"));
        events.Handler.OnUpdate!(Pod("3", "b", controller: "a"), Pod("4", "b"));

        Assert.Equal(["enqueue b", "enqueue a", "enqueue b"], events.Calls);
    }

    [Fact]
    public void Update_ToTerminating_IsTheDeletion_AndARelabelAlsoTellsTheOldOwner()
    {
        var events = new Recorder(true, "a");
        events.Handler.OnUpdate!(Pod("1", "a", controller: "a"), Pod("2", "b", controller: "a", terminating: true));

        Assert.Equal(["deleting p", "deleted p of a", "deleting p", "deleted p of a"], events.Calls);
    }

    [Fact]
    public void Delete_TellsTheOwner_AndOnDeletingRunsForOrphansToo()
    {
        var events = new Recorder(false, "a");
        events.Handler.OnDelete!(Pod("1", "a", controller: "a"));
        events.Handler.OnDelete!(Pod("2", "a"));

        Assert.Equal(["deleting p", "deleted p of a", "deleting p"], events.Calls);
    }
}
