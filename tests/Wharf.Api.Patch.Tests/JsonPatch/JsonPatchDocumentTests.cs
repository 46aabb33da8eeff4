using System.Text.Json.Nodes;
using Wharf.Api.Patch.JsonPatch;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.JsonPatch;

public sealed class JsonPatchDocumentTests
{
    [Theory]
    [InlineData("add member", "{'a':1}", "[{'op':'add','path':'/b','value':2}]", "{'a':1,'b':2}")]
    [InlineData("add replaces existing member", "{'a':1}", "[{'op':'add','path':'/a','value':[1]}]", "{'a':[1]}")]
    [InlineData("add appends with dash", "{'l':[1,2]}", "[{'op':'add','path':'/l/-','value':3}]", "{'l':[1,2,3]}")]
    [InlineData("add inserts at index", "{'l':[1,2]}", "[{'op':'add','path':'/l/1','value':9}]", "{'l':[1,9,2]}")]
    [InlineData("add at end index", "{'l':[1,2]}", "[{'op':'add','path':'/l/2','value':9}]", "{'l':[1,2,9]}")]
    [InlineData("add negative index counts from end", "{'l':[1,2]}", "[{'op':'add','path':'/l/-1','value':9}]", "{'l':[1,2,9]}")]
    [InlineData("add without value adds null", "{}", "[{'op':'add','path':'/a'}]", "{'a':null}")]
    [InlineData("escaped tokens", "{'metadata':{'labels':{}}}", "[{'op':'add','path':'/metadata/labels/app.kubernetes.io~1name','value':'x'},{'op':'add','path':'/metadata/labels/a~0b','value':'y'}]", "{'metadata':{'labels':{'app.kubernetes.io/name':'x','a~b':'y'}}}")]
    [InlineData("remove member", "{'a':1,'b':2}", "[{'op':'remove','path':'/a'}]", "{'b':2}")]
    [InlineData("remove list item", "{'l':[1,2,3]}", "[{'op':'remove','path':'/l/1'}]", "{'l':[1,3]}")]
    [InlineData("remove negative index", "{'l':[1,2,3]}", "[{'op':'remove','path':'/l/-1'}]", "{'l':[1,2]}")]
    [InlineData("replace member", "{'spec':{'replicas':1}}", "[{'op':'replace','path':'/spec/replicas','value':3}]", "{'spec':{'replicas':3}}")]
    [InlineData("replace missing member adds it like upstream", "{'a':{}}", "[{'op':'replace','path':'/a/b','value':1}]", "{'a':{'b':1}}")]
    [InlineData("replace list item", "{'l':[1,2]}", "[{'op':'replace','path':'/l/0','value':7}]", "{'l':[7,2]}")]
    [InlineData("replace whole document", "{'a':1}", "[{'op':'replace','path':'','value':{'b':2}}]", "{'b':2}")]
    [InlineData("move member", "{'a':{'x':1},'b':{}}", "[{'op':'move','from':'/a/x','path':'/b/y'}]", "{'a':{},'b':{'y':1}}")]
    [InlineData("move list item", "{'l':[1,2,3]}", "[{'op':'move','from':'/l/0','path':'/l/-'}]", "{'l':[2,3,1]}")]
    [InlineData("copy member", "{'a':{'x':[1]}}", "[{'op':'copy','from':'/a/x','path':'/b'}]", "{'a':{'x':[1]},'b':[1]}")]
    [InlineData("test passes", "{'a':{'b':[1,{'c':2}]}}", "[{'op':'test','path':'/a/b','value':[1,{'c':2}]}]", "{'a':{'b':[1,{'c':2}]}}")]
    [InlineData("test missing member against null passes", "{'a':{}}", "[{'op':'test','path':'/a/x','value':null}]", "{'a':{}}")]
    [InlineData("test numbers by value", "{'a':1.0}", "[{'op':'test','path':'/a','value':1}]", "{'a':1.0}")]
    [InlineData("operations apply in order", "{}", "[{'op':'add','path':'/a','value':{}},{'op':'add','path':'/a/b','value':1},{'op':'remove','path':'/a/b'}]", "{'a':{}}")]
    [InlineData("empty patch is identity", "{'a':1}", "[]", "{'a':1}")]
    public void Apply_ProducesExpectedDocument(string name, string document, string patch, string expected)
    {
        _ = name;
        J.Equal(expected, JsonPatchDocument.Apply(J.Parse(document), J.Parse(patch)));
    }

    [Theory]
    [InlineData("test value differs", "{'spec':{'replicas':1}}", "[{'op':'test','path':'/spec/replicas','value':2}]", "testing value /spec/replicas failed: test failed")]
    [InlineData("remove missing member", "{'metadata':{'labels':{}}}", "[{'op':'remove','path':'/metadata/labels/app'}]", "error in remove for path: '/metadata/labels/app': Unable to remove nonexistent key: app: missing value")]
    [InlineData("add under missing parent", "{}", "[{'op':'add','path':'/spec/replicas','value':1}]", "add operation does not apply: doc is missing path: \"/spec/replicas\": missing value")]
    [InlineData("add index out of range", "{'l':[]}", "[{'op':'add','path':'/l/5','value':1}]", "error in add for path: '/l/5': Unable to access invalid index: 5: invalid index referenced")]
    [InlineData("replace list index out of range", "{'l':[1]}", "[{'op':'replace','path':'/l/3','value':1}]", "replace operation does not apply: doc is missing key: /l/3: missing value")]
    [InlineData("replace under missing parent", "{}", "[{'op':'replace','path':'/a/b','value':1}]", "replace operation does not apply: doc is missing path: /a/b: missing value")]
    [InlineData("test missing path", "{}", "[{'op':'test','path':'/a/b','value':1}]", "test operation does not apply: is missing path: /a/b: missing value")]
    [InlineData("unknown op", "{}", "[{'op':'frobnicate','path':'/a'}]", "Unexpected kind: frobnicate")]
    [InlineData("missing op", "{}", "[{'path':'/a'}]", "Unexpected kind: unknown")]
    [InlineData("move from missing", "{}", "[{'op':'move','from':'/x','path':'/y'}]", "error in move for path: 'x': Unable to remove nonexistent key: x: missing value")]
    [InlineData("copy from missing", "{'a':{}}", "[{'op':'copy','from':'/a/x','path':'/y'}]", "copy operation does not apply: doc is missing from path: /a/x: missing value")]
    [InlineData("add without path", "{}", "[{'op':'add','value':1}]", "add operation failed to decode path: missing value")]
    public void Apply_FailsWithUpstreamMessageAs422(string name, string document, string patch, string message)
    {
        _ = name;
        var ex = Assert.Throws<PatchException>(() => JsonPatchDocument.Apply(J.Parse(document), J.Parse(patch)));
        Assert.Equal(message, ex.Message);
        Assert.Equal(422, ex.StatusCode);
    }

    [Theory]
    [InlineData("patch is an object", "{'op':'add'}")]
    [InlineData("operation is not an object", "[1]")]
    [InlineData("path is not a string", "[{'op':'add','path':1}]")]
    public void Apply_MalformedPatchIsBadRequest(string name, string patch)
    {
        _ = name;
        var ex = Assert.Throws<PatchException>(() => JsonPatchDocument.Apply(J.Parse("{}"), J.Parse(patch)));
        Assert.Equal(400, ex.StatusCode);
    }

    [Fact]
    public void Apply_TooManyOperationsIs413()
    {
        var ops = new JsonArray(Enumerable.Range(0, JsonPatchDocument.MaxOperations + 1)
            .Select(_ => (JsonNode)new JsonObject { ["op"] = "test", ["path"] = "", ["value"] = new JsonObject() }).ToArray());
        var ex = Assert.Throws<PatchException>(() => JsonPatchDocument.Apply(new JsonObject(), ops));
        Assert.Equal(413, ex.StatusCode);
    }

    [Fact]
    public void Apply_DoesNotMutateInputs()
    {
        var doc = J.Parse("{'a':{'b':[1,2]}}");
        var patch = J.Parse("[{'op':'add','path':'/a/b/-','value':{'c':1}},{'op':'remove','path':'/a/b/0'}]");
        var docBefore = doc!.ToJsonString();
        var patchBefore = patch!.ToJsonString();
        var result = JsonPatchDocument.Apply(doc, patch);
        ((JsonObject)result!["a"]!["b"]![1]!)["c"] = 99;
        Assert.Equal(docBefore, doc.ToJsonString());
        Assert.Equal(patchBefore, patch.ToJsonString());
    }

    [Fact]
    public void Apply_ParsesUtf8Body()
    {
        var result = JsonPatchDocument.Apply(J.Parse("{'a':1}"), """[{"op":"remove","path":"/a"}]"""u8);
        J.Equal("{}", result);
    }

    [Fact]
    public void Apply_InvalidUtf8BodyIsBadRequest()
    {
        var ex = Assert.Throws<PatchException>(() => JsonPatchDocument.Apply(J.Parse("{}"), """[{"op":"""u8));
        Assert.Equal(400, ex.StatusCode);
    }
}
