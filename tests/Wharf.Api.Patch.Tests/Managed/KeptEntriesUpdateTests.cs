using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Schema;
using Wharf.Api.Patch.Tests.Support;
using JsonMergePatch = Wharf.Api.Patch.MergePatch.JsonMergePatch;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// An update that keeps the entries it cannot change as they were read must store exactly what decoding, updating
/// and encoding every entry stores: each step runs both field managers on the same input and compares the results
/// as the store (default escaping) and a relaxed writer serialize them, and checks whether the shortcut was taken.
/// </summary>
public sealed class KeptEntriesUpdateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private static readonly FieldSet Status = FieldSet.Of(FieldPath.Of("status"));
    private static readonly FieldSet Spec = FieldSet.Of(FieldPath.Of("spec"));
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string Pod = "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'default','uid':'u1','labels':{'app':'web','pod-template-hash':'abc'},"
        + "'ownerReferences':[{'uid':'rs1','name':'web-abc','kind':'ReplicaSet'}]},"
        + "'spec':{'containers':[{'name':'c1','image':'nginx','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'}]},{'name':'c2','image':'busybox'}],"
        + "'restartPolicy':'Always','terminationGracePeriodSeconds':30}}";

    private const string ConfigMap = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm','namespace':'default','uid':'u2','labels':{'app':'a'}},'data':{'x':'1','y':'2'}}";

    [Fact]
    public void PodLifecycle_StoresWhatTheFullPathStores()
    {
        var schema = TestSchemas.Pod;
        var live = Update(schema, null, J.Obj(Pod), Owner("kube-controller-manager", 0), taken: false);
        live = Update(schema, live, Patched(live, "{'spec':{'nodeName':'n1'}}"), Owner("kube-scheduler", 1));
        live = Update(schema, live, Patched(live, "{'status':{'phase':'Running','podIP':'10.0.0.1','conditions':[{'type':'Ready','status':'True'}]}}"), Owner("kubelet", 2, "status"));
        live = Update(schema, live, Patched(live, "{'status':{'phase':'Succeeded'}}"), Owner("kubelet", 3, "status"));
        live = Update(schema, live, Patched(live, "{'metadata':{'labels':{'tier':'fe'}}}"), Owner("kubectl-label", 4));
        live = Update(schema, live, Patched(live, "{'metadata':{'labels':{'app':'web2'}}}"), Owner("kube-controller-manager", 5));
        live = Update(schema, live, Patched(live, "{'spec':{'containers':[{'name':'c1','image':'nginx:2','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'}]},{'name':'c2','image':'busybox'}]}}"), Owner("kubectl-edit", 6));
        live = Update(schema, live, Patched(live, "{'metadata':{'labels':{'tier':null}}}"), Owner("kubectl-edit", 7));
        live = Update(schema, live, Patched(live, "{'status':{'podIP':null}}"), Owner("kubelet", 8, "status"));
        live = Update(schema, live, Patched(live, "{}"), Owner("nobody", 9));
        live = Update(schema, live, Patched(live, "{'metadata':{'generation':2}}"), Owner("nobody", 10));
        live = Update(schema, live, Patched(live, "{'spec':{'containers':[{'name':'c1','image':'nginx:2','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'}]}]}}"), Owner("kubectl-edit", 11));

        Assert.Equal(["kube-controller-manager", "kube-scheduler", "kubectl-edit", "kubelet"], Managers(live));
    }

    [Fact]
    public void ApplyEntries_AreKeptOrLoseFieldsAsInTheFullPath()
    {
        var schema = TestSchemas.Deployment;
        var live = Update(schema, null, J.Obj(FieldManagerUpdateTests.Created), Owner("kubectl-create", 0), taken: false);
        var applied = new FieldManager(schema, Options(schema, null)).Apply(live, J.Obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'team':'a','app':'web'}},'spec':{'replicas':2}}"),
            Owner("kubectl", 1, apiVersion: "apps/v1"), force: true);
        live = applied.Object!;
        live = Update(schema, live, Patched(live, "{'metadata':{'annotations':{'note':'x'}}}"), Owner("kubectl-annotate", 2));
        live = Update(schema, live, Patched(live, "{'spec':{'replicas':3}}"), Owner("kube-controller-manager", 3));
        live = Update(schema, live, Patched(live, "{'metadata':{'labels':{'team':null}}}"), Owner("kubectl-label", 4));
        live = Update(schema, live, Patched(live, "{'status':{'replicas':3}}"), Owner("kube-controller-manager", 5, "status"));
        live = Update(schema, live, Patched(live, "{'status':{'replicas':4}}"), Owner("kube-controller-manager", 6, "status"));

        Assert.Contains(ManagedFieldsAssert.Entries(live), e => e.Manager == "kubectl" && e.Operation == "Apply");
    }

    [Fact]
    public void UpdateManagerCap_FallsBackToTheFullPathWhenItFolds()
    {
        var live = Update(null, null, J.Obj(ConfigMap), Owner("m0", 0), taken: false);
        for (var i = 1; i <= 12; i++)
        {
            // Eleven managers are one too many: from then on the full path folds the oldest into ancient-changes.
            live = Update(null, live, Patched(live, $"{{'data':{{'k{i}':'v'}}}}"), Owner($"m{i}", i), taken: i < 10);
        }

        Assert.Contains(FieldManager.AncientChangesManager, Managers(live));
    }

    /// <summary>
    /// The writer's entry when the update gives it a change: kept (only its time restamped) exactly when it already
    /// owns all of the change and loses nothing, which the split must say and both paths must store alike.
    /// </summary>
    [Theory]
    [InlineData("an owned value changed", "{'data':{'x':'9'}}", true)]
    [InlineData("owned values changed and the generation", "{'data':{'x':'9','y':'8'},'metadata':{'generation':3}}", true)]
    [InlineData("an owned value changed and a field added", "{'data':{'x':'9','z':'1'}}", false)]
    [InlineData("an owned value changed and an owned field removed", "{'data':{'x':'9','y':null}}", false)]
    [InlineData("a field of another manager changed", "{'metadata':{'labels':{'app':'b'}}}", false)]
    [InlineData("an owned value changed and an owned server-owned field", "{'data':{'x':'9'},'metadata':{'uid':'u9'}}", false)]
    [InlineData("only a server-owned field changed", "{'metadata':{'generation':3}}", false)]
    public void WriterEntry_IsKeptWhenItOwnsTheChangeAndLosesNothing(string name, string mergePatch, bool writerKept)
    {
        var live = WithEntries(J.Obj(ConfigMap),
            Entry("other", "Update", "v1", "2026-01-01T00:00:00Z", "{'f:metadata':{'f:labels':{'.':{},'f:app':{}}}}"),
            Entry("writer", "Update", "v1", "2026-01-02T00:00:00Z", "{'f:data':{'.':{},'f:x':{},'f:y':{}},'f:metadata':{'f:uid':{}}}"));
        var updated = Patched(live, mergePatch);
        var owner = Owner("writer", 1);

        var comparison = new Updater(null, null).Compare(live, updated, FieldSet.Of(FieldPath.Of("metadata", "managedFields")));
        var split = UpdatePartition.TrySplit(ManagedFieldsCodec.ReadEntries(live["metadata"]!["managedFields"]), comparison,
            ManagerKey.ForUpdate("writer", "v1", null), "2026-11-27T08:01:00Z");
        Assert.True(writerKept == split!.WriterKept, name);

        var result = Update(null, live, updated, owner);
        var writer = ManagedFieldsAssert.Entries(result).SingleOrDefault(e => e.Manager == "writer");
        Assert.True(writerKept == (writer?.Time == "2026-11-27T08:01:00Z" && writer.FieldsV1!.ToJsonString() == live["metadata"]!["managedFields"]![1]!["fieldsV1"]!.ToJsonString()), name);
    }

    public static TheoryData<string, string, bool> StoredForms => new()
    {
        { "canonical", "{'f:data':{'f:y':{}},'f:metadata':{'f:labels':{'.':{},'f:app':{}}}}", true },
        { "keys out of order", "{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:data':{'f:y':{}}}", true },
        { "marker not first", "{'f:data':{'f:y':{}},'f:metadata':{'f:labels':{'f:app':{},'.':{}}}}", true },
        { "marker alone", "{'f:data':{'f:y':{}},'f:metadata':{'f:labels':{'.':{}}}}", true },
        { "marker not empty", "{'f:data':{'f:y':{}},'f:metadata':{'f:labels':{'.':{'f:z':{}},'f:app':{}}}}", true },
        { "marker at the top", "{'.':{},'f:data':{'f:y':{}}}", true },
        { "key fields unsorted", "{'f:data':{'f:y':{}},'f:spec':{'f:ports':{'k:{\\'protocol\\':\\'TCP\\',\\'containerPort\\':80}':{}}}}", true },
        { "key with spaces", "{'f:data':{'f:y':{}},'f:spec':{'f:ports':{'k:{\\'name\\': \\'c\\'}':{}}}}", true },
        { "canonical key", "{'f:data':{'f:y':{}},'f:spec':{'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{}}}}", true },
        { "index with a sign", "{'f:data':{'f:y':{}},'f:spec':{'f:args':{'i:+1':{}}}}", true },
        { "value item", "{'f:data':{'f:y':{}},'f:metadata':{'f:finalizers':{'v:\\'a/b\\'':{}}}}", true },
        { "kinds out of order", "{'f:data':{'f:y':{}},'f:spec':{'f:items':{'i:0':{},'k:{\\'a\\':1}':{}}}}", true },
        { "escaped and non-ASCII names", "{'f:data':{'f:y':{}},'f:metadata':{'f:annotations':{'f:caf\u00e9/<x>&\\'q\\'':{}}}}", true },
        { "empty set", "{}", true },
        { "leaf not an object", "{'f:data':{'f:y':1}}", false },
        { "unknown key kind", "{'f:data':{'f:y':{}},'x:z':{}}", false },
    };

    /// <summary>
    /// The entry of "other" in the stored form given, and an update by "writer" of a field "other" does not own: a
    /// canonical entry is kept, any other form is decoded and written anew, and an invalid one leaves the update to
    /// the full path (which then keeps the live list or drops tracking).
    /// </summary>
    [Theory]
    [MemberData(nameof(StoredForms))]
    public void StoredEntryForms_StoreWhatTheFullPathStores(string name, string fieldsV1, bool taken)
    {
        _ = name;
        var live = WithEntries(J.Obj(ConfigMap), Entry("other", "Update", "v1", "2026-01-01T00:00:00Z", fieldsV1), Entry("writer", "Update", "v1", "2026-01-02T00:00:00Z", "{'f:data':{'f:x':{}}}"));

        var result = Update(null, live, Patched(live, "{'data':{'x':'9'}}"), Owner("writer", 1), taken);
        Update(null, live, Patched(live, "{'data':{'z':'new'}}"), Owner("third", 2), taken);
        if (taken && fieldsV1 != "{}")
        {
            Assert.Contains("other", Managers(result));
        }
    }

    public static TheoryData<string, string, bool> ListForms => new()
    {
        { "members in another order, unknown member, empty subresource",
            "[{'fieldsV1':{'f:data':{'f:y':{}}},'apiVersion':'v1','manager':'other','operation':'Update','extra':1,'subresource':'','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1'}]", true },
        { "no time and no fieldsV1", "[{'manager':'other','operation':'Update','apiVersion':'v1','fieldsType':'FieldsV1'},{'manager':'o2','operation':'Update','apiVersion':'v1','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:y':{}}}}]", true },
        { "same second, sorted by manager", "[{'manager':'zed','operation':'Update','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:y':{}}}},"
            + "{'manager':'abe','operation':'Update','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:metadata':{'f:labels':{'f:app':{}}}}}]", true },
        { "apply after update in the list", "[{'manager':'u','operation':'Update','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:y':{}}}},"
            + "{'manager':'a','operation':'Apply','apiVersion':'v1','time':'2026-01-03T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:metadata':{'f:labels':{'f:app':{}}}}}]", true },
        { "a manager twice", "[{'manager':'o','operation':'Update','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:y':{}}}},"
            + "{'manager':'o','operation':'Update','apiVersion':'v1','time':'2026-01-02T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:metadata':{'f:labels':{'f:app':{}}}}}]", false },
        { "same manager at two versions", "[{'manager':'o','operation':'Update','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:y':{}}}},"
            + "{'manager':'o','operation':'Update','apiVersion':'v2','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:metadata':{'f:labels':{'f:app':{}}}}}]", true },
        { "invalid operation", "[{'manager':'o','operation':'Patch','apiVersion':'v1','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:y':{}}}}]", false },
        { "missing fieldsType", "[{'manager':'o','operation':'Update','apiVersion':'v1','fieldsV1':{'f:data':{'f:y':{}}}}]", false },
        { "entry not an object", "[1]", false },
        { "not a list", "{'manager':'o'}", false },
        { "empty list", "[]", false },
        { "a time that is not a string, a fieldsV1 that is not an object",
            "[{'manager':'o','operation':'Update','apiVersion':'v1','time':null,'fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:y':{}}}},"
            + "{'manager':'o2','operation':'Update','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':1},"
            + "{'manager':'o3','operation':'Update','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:metadata':{'f:labels':{'f:app':{}}}},'subresource':'status'}]", true },
        { "the writer's entry without a time", "[{'manager':'writer','operation':'Update','apiVersion':'v1','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'.':{},'f:x':{},'f:y':{}}}}]", true },
        { "the writer's entry with its members in another order",
            "[{'operation':'Update','manager':'writer','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'.':{},'f:x':{},'f:y':{}}}}]", true },
        { "the writer's entry as written", "[{'manager':'writer','operation':'Update','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'.':{},'f:x':{},'f:y':{}}}},"
            + "{'manager':'o','operation':'Update','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:metadata':{'f:labels':{'f:app':{}}}}}]", true },
    };

    /// <summary>
    /// The live list in the form given; the updates are writes by "writer" of the main resource (without a list and
    /// with the live one in the body) and of status.
    /// </summary>
    [Fact]
    public void KeptEntries_GoIntoTheNewListAsTheyAre_MovedFromTheBodyOrCopiedFromTheLiveObject()
    {
        var live = WithEntries(J.Obj(ConfigMap), Entry("other", "Update", "v1", "2026-01-01T00:00:00Z", "{'f:metadata':{'f:labels':{'f:app':{}}}}"),
            Entry("writer", "Update", "v1", "2026-01-02T00:00:00Z", "{'f:data':{'.':{},'f:x':{},'f:y':{}}}"));
        var manager = new FieldManager(null, Options(null, null));
        var updated = Patched(live, "{'data':{'x':'9'}}");
        var sent = updated["metadata"]!["managedFields"]!.AsArray().ToArray();

        Assert.True(manager.TryUpdateKeepingUntouched(live, updated, Owner("writer", 1)));
        var list = updated["metadata"]!["managedFields"]!.AsArray();
        Assert.Same(sent[0], list[0]);
        Assert.Same(sent[1], list[1]);
        Assert.Equal(ManagedFieldsCodec.FormatTime(T0.AddMinutes(1)), list[1]!["time"]!.GetValue<string>());

        var status = Patched(live, "{'data':{'y':'9'}}");
        Assert.True(new FieldManager(null, Options(null, "status")).TryUpdateKeepingUntouched(live, status, Owner("writer", 2, "status")));
        Assert.Equal(live["metadata"]!["managedFields"]![0]!.ToJsonString(), status["metadata"]!["managedFields"]![0]!.ToJsonString());
        Assert.NotSame(live["metadata"]!["managedFields"]![0], status["metadata"]!["managedFields"]![0]);
    }

    [Theory]
    [MemberData(nameof(ListForms))]
    public void StoredListForms_StoreWhatTheFullPathStores(string name, string list, bool taken)
    {
        _ = name;
        var live = J.Obj(ConfigMap);
        live["metadata"]!["managedFields"] = J.Parse(list);

        var updated = Patched(live, "{'data':{'x':'9'}}");
        updated["metadata"]!.AsObject().Remove("managedFields");
        Update(null, live, updated, Owner("writer", 1), taken);
        // Where kept entries' nodes may go into the new list as they are: the list sent in the body (moved out of
        // the new object) and a status write (copied from the live object).
        Update(null, live, Patched(live, "{'data':{'y':'9'}}"), Owner("writer", 2), taken);
        Update(null, live, Patched(live, "{'data':{'x':'9'}}"), Owner("writer", 3), taken);
        Update(null, live, updated, Owner("writer", 4, "status"), taken);
    }

    [Theory]
    [InlineData("the body's own list", "[{'manager':'sent','operation':'Update','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:y':{}}}}]", true)]
    [InlineData("a reset", "[]", false)]
    [InlineData("a reset by one empty entry", "[{}]", false)]
    [InlineData("an invalid list, which keeps the live one", "[{'manager':'sent'}]", false)]
    public void ListSentInTheBody_StoresWhatTheFullPathStores(string name, string sent, bool taken)
    {
        _ = name;
        var live = Update(null, null, J.Obj(ConfigMap), Owner("creator", 0), taken: false);
        var updated = Patched(live, "{'data':{'x':'9'}}");
        updated["metadata"]!["managedFields"] = J.Parse(sent);

        Update(null, live, updated, Owner("writer", 1), taken);
        // On the status subresource the body's list is never read.
        var pod = Update(TestSchemas.Pod, null, J.Obj(Pod), Owner("creator", 0), taken: false);
        var status = Patched(pod, "{'status':{'phase':'Running'}}");
        status["metadata"]!["managedFields"] = J.Parse(sent);
        Update(TestSchemas.Pod, pod, status, Owner("kubelet", 1, "status"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomUpdates_StoreWhatTheFullPathStores(int seed)
    {
        var random = new Random(seed);
        var schema = seed == 1 ? null : TestSchemas.Deployment;
        var live = Update(schema, null, J.Obj(seed == 1 ? ConfigMap : FieldManagerUpdateTests.Created), Owner("creator", 0), taken: false);
        for (var step = 1; step <= 150; step++)
        {
            var manager = $"m{random.Next(4)}";
            if (random.Next(10) == 0)
            {
                var applied = new FieldManager(schema, Options(schema, null)).Apply(live, RandomApply(random, seed == 1), Owner("applier", step, apiVersion: schema is null ? "v1" : "apps/v1"), force: true);
                live = applied.Object ?? live;
                continue;
            }

            var status = schema is not null && random.Next(4) == 0;
            var patch = status ? $"{{'status':{{'replicas':{random.Next(3)}}}}}" : RandomPatch(random, seed == 1);
            live = Update(schema, live, Patched(live, patch), Owner(status ? "status-writer" : manager, step, status ? "status" : null), taken: null);
        }
    }

    private static JsonObject RandomApply(Random random, bool untyped)
    {
        var config = untyped
            ? J.Obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm'}}")
            : J.Obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'}}");
        var labels = new JsonObject();
        for (var i = 0; i < 3; i++)
        {
            if (random.Next(2) == 0)
            {
                labels[$"l{i}"] = $"a{random.Next(2)}";
            }
        }

        config["metadata"]!["labels"] = labels;
        return config;
    }

    private static string RandomPatch(Random random, bool untyped)
    {
        string Value() => random.Next(4) == 0 ? "null" : $"'v{random.Next(3)}'";
        var section = untyped ? "data" : random.Next(2) == 0 ? "spec" : "metadata";
        return section switch
        {
            "data" => $"{{'data':{{'k{random.Next(5)}':{Value()}}},'metadata':{{'labels':{{'l{random.Next(3)}':{Value()}}}}}}}",
            "spec" => random.Next(2) == 0
                ? $"{{'spec':{{'replicas':{random.Next(4)}}}}}"
                : $"{{'spec':{{'template':{{'spec':{{'containers':[{{'name':'c1','image':'nginx:{random.Next(3)}'}}{(random.Next(2) == 0 ? ",{'name':'c2','image':'x'}" : "")}]}}}}}}}}",
            _ => $"{{'metadata':{{'labels':{{'l{random.Next(3)}':{Value()}}},'annotations':{{'a{random.Next(2)}':{Value()}}}}}}}",
        };
    }

    /// <summary>
    /// Tracks the update both ways (each on its own copy of the new object) and asserts the same result; returns it.
    /// <paramref name="taken"/>: whether the shortcut must take the update (null: either).
    /// </summary>
    private static JsonObject Update(SchemaNode? schema, JsonObject? live, JsonObject updated, FieldOwner owner, bool? taken = true)
    {
        var liveBefore = live?.ToJsonString();
        var full = new FieldManager(schema, Options(schema, owner.Subresource, keepUntouched: false)).Update(live, updated, owner);
        var shortcut = new FieldManager(schema, Options(schema, owner.Subresource));
        var viaShortcut = (JsonObject)updated.DeepClone();
        var wasTaken = shortcut.TryUpdateKeepingUntouched(live, viaShortcut, owner);
        if (!wasTaken)
        {
            Assert.Equal(updated.ToJsonString(), viaShortcut.ToJsonString()); // declined without a change
            shortcut.UpdateInPlace(live, viaShortcut, owner);
        }

        var context = $"{owner.Manager} at {owner.Time:HH:mm}";
        if (taken is { } expected)
        {
            Assert.True(expected == wasTaken, $"{context}: shortcut taken = {wasTaken}");
        }

        Assert.True(full.ToJsonString() == viaShortcut.ToJsonString(), $"{context}:\n{full.ToJsonString()}\n{viaShortcut.ToJsonString()}");
        Assert.Equal(JsonSerializer.Serialize(full, Relaxed), JsonSerializer.Serialize(viaShortcut, Relaxed));
        Assert.Equal(JsonSerializer.Serialize(full), JsonSerializer.Serialize(shortcut.Update(live, updated, owner)));
        Assert.Equal(liveBefore, live?.ToJsonString());
        return full;
    }

    private static FieldManagerOptions Options(SchemaNode? schema, string? subresource, bool keepUntouched = true) =>
        new() { IgnoredFields = schema is null ? null : subresource == "status" ? Spec : Status, KeepUntouchedEntries = keepUntouched };

    private static FieldOwner Owner(string manager, int minutes, string? subresource = null, string apiVersion = "v1") =>
        new(manager, apiVersion, T0.AddMinutes(minutes), subresource);

    private static JsonObject Patched(JsonObject live, string mergePatch) => (JsonObject)JsonMergePatch.Apply(live, J.Parse(mergePatch))!;

    private static JsonObject WithEntries(JsonObject obj, params JsonObject[] entries)
    {
        obj["metadata"]!["managedFields"] = new JsonArray(entries);
        return obj;
    }

    private static JsonObject Entry(string manager, string operation, string apiVersion, string time, string fieldsV1) => J.Obj(
        $"{{'manager':'{manager}','operation':'{operation}','apiVersion':'{apiVersion}','time':'{time}','fieldsType':'FieldsV1','fieldsV1':{fieldsV1}}}");

    private static string[] Managers(JsonObject obj) => ManagedFieldsAssert.Entries(obj).Select(e => e.Manager).Order(StringComparer.Ordinal).ToArray();
}
