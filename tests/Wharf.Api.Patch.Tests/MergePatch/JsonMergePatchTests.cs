using Wharf.Api.Patch.MergePatch;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.MergePatch;

public sealed class JsonMergePatchTests
{
    [Theory]
    [InlineData("label added", "{'metadata':{'labels':{'app':'web'}}}", "{'metadata':{'labels':{'tier':'fe'}}}", "{'metadata':{'labels':{'app':'web','tier':'fe'}}}")]
    [InlineData("label removed by null", "{'metadata':{'labels':{'app':'web','tier':'fe'}}}", "{'metadata':{'labels':{'app':null}}}", "{'metadata':{'labels':{'tier':'fe'}}}")]
    [InlineData("null on missing member is a no-op", "{'a':1}", "{'b':null}", "{'a':1}")]
    [InlineData("arrays replace wholesale", "{'l':[1,2,3]}", "{'l':[4]}", "{'l':[4]}")]
    [InlineData("scalar replaced by object prunes nulls", "{'a':1}", "{'a':{'b':null,'c':2}}", "{'a':{'c':2}}")]
    [InlineData("new object prunes nested nulls", "{}", "{'a':{'b':{'c':null,'d':1}}}", "{'a':{'b':{'d':1}}}")]
    [InlineData("object replaced by scalar", "{'a':{'b':1}}", "{'a':'x'}", "{'a':'x'}")]
    [InlineData("rfc 7386 example", "{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},'tags':['example','sample'],'content':'This will be unchanged'}", "{'title':'Hello!','phoneNumber':'+01-555-555-5555','author':{'familyName':null},'tags':['example']}", "{'title':'Hello!','author':{'givenName':'John'},'tags':['example'],'content':'This will be unchanged','phoneNumber':'+01-555-555-5555'}")]
    [InlineData("uncordon", "{'spec':{'unschedulable':true,'podCIDR':'x'}}", "{'spec':{'unschedulable':null}}", "{'spec':{'podCIDR':'x'}}")]
    [InlineData("resourceVersion precondition is just merged", "{'metadata':{'resourceVersion':'1'}}", "{'metadata':{'resourceVersion':'100','labels':{'a':'b'}}}", "{'metadata':{'resourceVersion':'100','labels':{'a':'b'}}}")]
    [InlineData("patch array over object document", "{'a':1}", "[{'a':null}]", "[{}]")]
    public void Apply_MergesLikeUpstream(string name, string target, string patch, string expected)
    {
        _ = name;
        J.Equal(expected, JsonMergePatch.Apply(J.Parse(target), J.Parse(patch)));
    }

    [Theory]
    [InlineData("scalar patch", "1")]
    [InlineData("null patch", "null")]
    [InlineData("string patch", "'x'")]
    public void Apply_NonObjectPatchIsBadRequest(string name, string patch)
    {
        _ = name;
        var ex = Assert.Throws<PatchException>(() => JsonMergePatch.Apply(J.Parse("{}"), J.Parse(patch)));
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("Invalid JSON Patch", ex.Message);
    }

    [Fact]
    public void Apply_DoesNotMutateInputs()
    {
        var target = J.Parse("{'a':{'b':{'c':1}}}");
        var patch = J.Parse("{'a':{'b':{'c':null,'d':{'e':null}}}}");
        var before = target!.ToJsonString() + patch!.ToJsonString();
        var result = JsonMergePatch.Apply(target, patch);
        J.Equal("{'a':{'b':{'d':{}}}}", result);
        Assert.Equal(before, target.ToJsonString() + patch.ToJsonString());
    }
}
