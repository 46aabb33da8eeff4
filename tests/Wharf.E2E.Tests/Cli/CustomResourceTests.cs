using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

public sealed class CustomResourceTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private static string Crd(string group) => $"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.{group}
        spec:
          group: {group}
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wg]
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size:
                        type: integer
        """;

    [Fact]
    public async Task Crd_CreateGetDelete()
    {
        using var kubectl = fixture.Kubectl();
        var group = $"{WharfServerFixture.UniqueName("g")}.example.com";
        kubectl.WriteFile("crd.yaml", Crd(group));

        Assert.Equal($"customresourcedefinition.apiextensions.k8s.io/widgets.{group} created\n", (await kubectl.RunAsync("apply", "-f", "crd.yaml")).EnsureSuccess().StdOut);

        var table = KubectlTable.Parse((await kubectl.RunAsync("get", "crd", $"widgets.{group}")).EnsureSuccess().StdOut);
        Assert.Equal(["NAME", "CREATED AT"], table.Headers);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", table.Row($"widgets.{group}")["CREATED AT"]);

        Assert.Equal($"customresourcedefinition.apiextensions.k8s.io \"widgets.{group}\" deleted\n", (await kubectl.RunAsync("delete", "crd", $"widgets.{group}")).EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task CustomResource_CreateGetDelete()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        var group = $"{WharfServerFixture.UniqueName("g")}.example.com";
        kubectl.WriteFile("crd.yaml", Crd(group));
        (await kubectl.RunAsync("apply", "-f", "crd.yaml")).EnsureSuccess();
        (await kubectl.RunAsync("wait", "--for=condition=Established", $"crd/widgets.{group}", "--timeout=20s")).EnsureSuccess();
        kubectl.WriteFile("w1.yaml", $"apiVersion: {group}/v1\nkind: Widget\nmetadata:\n  name: w1\n  namespace: {ns}\nspec:\n  size: 3\n");

        Assert.Equal($"widget.{group}/w1 created\n", (await kubectl.RunAsync("create", "-f", "w1.yaml")).EnsureSuccess().StdOut);
        Assert.Equal("NAME   AGE\nw1     <age>\n", KubectlTable.MaskTrailingAge((await kubectl.RunAsync("get", "widgets", "-n", ns)).EnsureSuccess().StdOut));
        Assert.Equal("3", (await kubectl.RunAsync("get", "wg", "w1", "-n", ns, "-o", "jsonpath={.spec.size}")).EnsureSuccess().StdOut);
        Assert.Equal($"widget.{group} \"w1\" deleted\n", (await kubectl.RunAsync("delete", "widget", "w1", "-n", ns)).EnsureSuccess().StdOut);
        Assert.Equal($"No resources found in {ns} namespace.\n", (await kubectl.RunAsync("get", "widgets", "-n", ns)).EnsureSuccess().StdErr);
    }
}
