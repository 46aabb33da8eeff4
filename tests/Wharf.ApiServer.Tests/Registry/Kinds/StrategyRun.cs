using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

/// <summary>Runs a strategy the way the store does (defaults first, then rules) and prints the errors as kubectl shows them.</summary>
internal static class StrategyRun
{
    public static List<string> Create(IResourceStrategy strategy, string json)
    {
        var obj = Json.Obj(json);
        strategy.PrepareForCreate(obj);
        return strategy.Validate(obj).Select(e => e.ToString()).ToList();
    }

    public static List<string> Update(IResourceStrategy strategy, string oldJson, string newJson)
    {
        var old = Json.Obj(oldJson);
        strategy.PrepareForCreate(old);
        var obj = Json.Obj(newJson);
        strategy.PrepareForUpdate(obj, old);
        return strategy.ValidateUpdate(obj, old).Select(e => e.ToString()).ToList();
    }

    /// <summary>Empty expectation: no errors at all; otherwise the exact error line must be among them.</summary>
    public static void Expect(string expected, List<string> errors)
    {
        if (expected.Length == 0) Assert.Equal("", string.Join("\n", errors));
        else Assert.Contains(expected, errors);
    }
}
