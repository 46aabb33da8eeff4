using System.Text.Json.Nodes;
using Wharf.Network.Ingress;
using Wharf.Network.Ingress.Sync;
using Wharf.Network.Tests.Ingress.Routing;

namespace Wharf.Network.Tests.Ingress.Sync;

public sealed class IngressClassSelectorTests
{
    private static readonly IngressOptions Options = new();

    private static JsonObject Class(string name, string controller, bool isDefault) => new()
    {
        ["metadata"] = isDefault
            ? new JsonObject { ["name"] = name, ["annotations"] = new JsonObject { ["ingressclass.kubernetes.io/is-default-class"] = "true" } }
            : new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["controller"] = controller },
    };

    [Theory]
    [InlineData("our class name", "wharf", null, false, true)]
    [InlineData("another class of our controller", "internal", null, false, true)]
    [InlineData("someone else's class", "nginx", null, true, false)]
    [InlineData("legacy annotation naming us", null, "wharf", false, true)]
    [InlineData("legacy annotation naming another", null, "nginx", true, false)]
    [InlineData("no class while ours is default", null, null, true, true)]
    [InlineData("no class while ours is not default", null, null, false, false)]
    public void ServesItsClassesAndTheDefault(string _, string? className, string? legacy, bool wharfIsDefault, bool served)
    {
        var classes = new[] { Class("wharf", "wharf.io/ingress-controller", wharfIsDefault), Class("internal", "wharf.io/ingress-controller", false), Class("nginx", "k8s.io/ingress-nginx", false) };
        var selector = IngressClassSelector.From(classes, Options);
        var ingress = new IngressBuilder("ing", className: className);
        if (legacy is not null) ingress.Annotation("kubernetes.io/ingress.class", legacy);

        Assert.Equal(served, selector.IsServed(ingress.Json));
    }

    [Fact]
    public void InstalledClassIsTheDefaultOneOfOurController()
    {
        var desired = IngressClassInstaller.Desired(Options);

        Assert.Equal("wharf", desired["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("true", desired["metadata"]!["annotations"]!["ingressclass.kubernetes.io/is-default-class"]!.GetValue<string>());
        Assert.Equal("wharf.io/ingress-controller", desired["spec"]!["controller"]!.GetValue<string>());
    }
}
