using System.Text.Json.Nodes;
using Wharf.Api.Patch.Managed;
using Wharf.Api.Patch.Tests.Support;
using Outcome = Wharf.Api.Patch.Managed.FieldsV1Scan.Outcome;

namespace Wharf.Api.Patch.Tests.Managed;

/// <summary>
/// The scan must say Untouched exactly when keeping the document is what the set path gives: the document is what
/// encoding its decoded set writes, and that set shares no member with the changed or removed paths.
/// </summary>
public sealed class FieldsV1ScanTests
{
    private const string Owned = "{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:containers':{'k:{\\'name\\':\\'c1\\'}':{'.':{},'f:image':{},'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{}}}}},'f:replicas':{}}}";

    [Theory]
    [InlineData("a field nobody owns", ".spec.paused", "", "Untouched")]
    [InlineData("a field below an owned leaf's parent", ".metadata.labels.tier", "", "Untouched")]
    [InlineData("a parent that is only a path, not a member", ".metadata", "", "Untouched")]
    [InlineData("another item of a keyed list", ".spec.containers[name=\"c2\"].image", "", "Untouched")]
    [InlineData("an owned leaf changed", ".spec.replicas", "", "Touched")]
    [InlineData("an owned member with children changed", ".metadata.labels", "", "Touched")]
    [InlineData("an owned leaf of a keyed item changed", ".spec.containers[name=\"c1\"].image", "", "Touched")]
    [InlineData("an owned keyed item removed", "", ".spec.containers[name=\"c1\"].ports[containerPort=80,protocol=\"TCP\"]", "Touched")]
    [InlineData("an owned leaf removed", "", ".metadata.labels.app", "Touched")]
    public void Scan_OfACanonicalDocument_FindsMembersInEitherSet(string name, string changed, string removed, string outcome)
    {
        var expected = Enum.Parse<Outcome>(outcome);
        var fields = J.Obj(Owned);
        Assert.True(expected == FieldsV1Scan.Scan(fields, Set(changed), Set(removed)), name);
        // What the set path finds: a member in common with either set.
        var set = FieldsV1.Decode(fields);
        var touched = !set.Intersection(Set(changed)).IsEmpty || !set.Intersection(Set(removed)).IsEmpty;
        Assert.Equal(expected == Outcome.Touched, touched);
    }

    [Theory]
    [InlineData("empty", "{}")]
    [InlineData("keys out of order", "{'f:b':{},'f:a':{}}")]
    [InlineData("a key twice in effect (kinds out of order)", "{'i:0':{},'f:a':{}}")]
    [InlineData("marker not first", "{'f:a':{'f:b':{},'.':{}}}")]
    [InlineData("marker alone", "{'f:a':{'.':{}}}")]
    [InlineData("marker not empty", "{'f:a':{'.':{'f:x':{}},'f:b':{}}}")]
    [InlineData("marker at the top", "{'.':{},'f:a':{}}")]
    [InlineData("key fields unsorted", "{'k:{\\'protocol\\':\\'TCP\\',\\'containerPort\\':80}':{}}")]
    [InlineData("key with spaces", "{'k:{\\'name\\': \\'c\\'}':{}}")]
    [InlineData("index with a sign", "{'i:+1':{}}")]
    [InlineData("value with spaces", "{'v: \\'a\\'':{}}")]
    [InlineData("leaf not an object", "{'f:a':1}")]
    [InlineData("unknown key kind", "{'x:a':{}}")]
    [InlineData("invalid key json", "{'k:{oops':{}}")]
    public void Scan_OfAnyOtherDocument_IsNotCanonical(string name, string fields)
    {
        Assert.True(FieldsV1Scan.Scan(J.Obj(fields), new FieldSet(), new FieldSet()) == Outcome.NotCanonical, name);
    }

    [Theory]
    [InlineData("fields, keys, values and indexes in order", "{'f:a':{},'f:b':{'.':{},'f:c':{}},'k:{\\'x\\':1}':{},'v:\\'s\\'':{},'i:0':{},'i:2':{}}")]
    [InlineData("names that escape", "{'f:caf\u00e9':{},'f:x<y>&\\'z\\'':{'.':{},'f:\\\\':{}}}")]
    [InlineData("a deep chain", "{'f:a':{'f:b':{'f:c':{'f:d':{}}}}}")]
    [InlineData("the owned set above", Owned)]
    public void Scan_UntouchedMeansWhatEncodingTheDecodedSetWrites(string name, string fields)
    {
        var document = J.Obj(fields);
        Assert.True(FieldsV1Scan.Scan(document, new FieldSet(), new FieldSet()) == Outcome.Untouched, name);
        Assert.Equal(document.ToJsonString(), FieldsV1.Encode(FieldsV1.Decode(document)).ToJsonString());
    }

    [Theory]
    [InlineData("owned leaves", ".spec.replicas|.metadata.labels.app", true)]
    [InlineData("an owned member with children and a keyed leaf", ".metadata.labels|.spec.containers[name=\"c1\"].image", true)]
    [InlineData("a path that is only a parent in the document", ".spec.containers", false)]
    [InlineData("one owned and one not", ".spec.replicas|.spec.paused", false)]
    [InlineData("nothing", "", true)]
    public void Scan_SaysWhetherTheDocumentHasEveryWantedMember(string name, string wanted, bool hasAll)
    {
        var outcome = FieldsV1Scan.Scan(J.Obj(Owned), new FieldSet(), new FieldSet(), Set(wanted), out var found);
        Assert.True(outcome == Outcome.Untouched && hasAll == found, name);
        Assert.Equal(hasAll, Set(wanted).Difference(FieldsV1.Decode(J.Obj(Owned))).IsEmpty);
    }

    [Fact]
    public void Scan_NullDocument_IsNotCanonical() =>
        Assert.Equal(Outcome.NotCanonical, FieldsV1Scan.Scan(null, new FieldSet(), new FieldSet()));

    /// <summary>Paths as written in the tests, each one made of fields and keyed items: <c>.a.b[name="c"].d</c>.</summary>
    private static FieldSet Set(string paths)
    {
        var set = new FieldSet();
        foreach (var path in paths.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            set.Insert(Parse(path));
        }

        return set;
    }

    private static List<PathElement> Parse(string path)
    {
        var elements = new List<PathElement>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                elements.Add(PathElement.Field(path[(i + 1)..end]));
                i = end;
            }
            else
            {
                var end = path.IndexOf(']', i);
                var fields = path[(i + 1)..end].Split(',').Select(p => p.Split('='))
                    .Select(p => new KeyValuePair<string, JsonNode?>(p[0], JsonNode.Parse(p[1])));
                elements.Add(PathElement.Keyed(fields));
                i = end + 1;
            }
        }

        return elements;
    }
}
