using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Tests.Errors;

/// <summary>field.Error printing and the apimachinery errors package's Status forms.</summary>
public sealed class StatusErrorsTests
{
    [Theory]
    [InlineData("required with detail", "metadata.name: Required value: name or generateName is required")]
    [InlineData("required bare", "spec.containers: Required value")]
    [InlineData("invalid string", "metadata.name: Invalid value: \"Web\": bad")]
    [InlineData("invalid number", "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData("invalid bool", "spec.x: Invalid value: true: nope")]
    [InlineData("forbidden", "metadata.namespace: Forbidden: not allowed on this type")]
    [InlineData("not supported", "spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"NodePort\"")]
    [InlineData("duplicate", "spec.ports[1].name: Duplicate value: \"http\"")]
    [InlineData("raw value", "spec.clusterIPs: Invalid value: []string{\"10.0.0.1\"}: taken")]
    public void FieldError_ToString_IsFieldErrorForm(string name, string expected)
    {
        var error = name switch
        {
            "required with detail" => FieldError.Required("metadata.name", "name or generateName is required"),
            "required bare" => FieldError.Required("spec.containers"),
            "invalid string" => FieldError.Invalid("metadata.name", "Web", "bad"),
            "invalid number" => FieldError.Invalid("spec.ports[0].port", 70000L, "must be between 1 and 65535, inclusive"),
            "invalid bool" => FieldError.Invalid("spec.x", true, "nope"),
            "forbidden" => FieldError.Forbidden("metadata.namespace", "not allowed on this type"),
            "not supported" => FieldError.NotSupported("spec.type", "Foo", ["ClusterIP", "NodePort"]),
            "duplicate" => FieldError.Duplicate("spec.ports[1].name", "http"),
            "raw value" => FieldError.Invalid("spec.clusterIPs", new RawFieldValue("[]string{\"10.0.0.1\"}"), "taken"),
            _ => throw new ArgumentException(name),
        };
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void FieldError_TooLong_HasUpstreamForm() =>
        Assert.Equal("metadata.annotations: Too long: may not be more than 262144 bytes", FieldError.TooLong("metadata.annotations", 262144).ToString());

    [Fact]
    public void Invalid_OneError_MessageWithoutBracketsAndOneCause()
    {
        var status = StatusErrors.Invalid("Pod", "", "Web", [FieldError.Invalid("metadata.name", "Web", "bad")]).ToStatus();

        Assert.Equal(422, (int)status["code"]!);
        Assert.Equal("Invalid", (string)status["reason"]!);
        Assert.Equal("Failure", (string)status["status"]!);
        Assert.Equal("Pod \"Web\" is invalid: metadata.name: Invalid value: \"Web\": bad", (string)status["message"]!);
        Assert.Equal("Web", (string)status["details"]!["name"]!);
        Assert.Equal("Pod", (string)status["details"]!["kind"]!);
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal("FieldValueInvalid", (string)cause["reason"]!);
        Assert.Equal("Invalid value: \"Web\": bad", (string)cause["message"]!);
        Assert.Equal("metadata.name", (string)cause["field"]!);
    }

    [Fact]
    public void Invalid_TwoErrors_MessageInBracketsAndGroupQualifiedKind()
    {
        var error = StatusErrors.Invalid("Deployment", "apps", "web",
            [FieldError.Required("spec.selector"), FieldError.Required("spec.template.spec.containers")]);
        Assert.Equal("Deployment.apps \"web\" is invalid: [spec.selector: Required value, spec.template.spec.containers: Required value]", error.Message);
        Assert.Equal("apps", (string)error.ToStatus()["details"]!["group"]!);
    }

    [Fact]
    public void Invalid_DuplicateErrors_MessageListsOnceCausesKeepBoth()
    {
        var error = StatusErrors.Invalid("Pod", "", "p", [FieldError.Required("spec.containers"), FieldError.Required("spec.containers")]);
        Assert.Equal("Pod \"p\" is invalid: spec.containers: Required value", error.Message);
        Assert.Equal(2, error.ToStatus()["details"]!["causes"]!.AsArray().Count);
    }

    [Fact]
    public void NotFound_CoreResource_OmitsEmptyGroup() =>
        Assert.False(StatusErrors.NotFound("pods", "", "pods", "web").ToStatus()["details"]!.AsObject().ContainsKey("group"));

    [Fact]
    public void NotFound_HasUpstreamForm()
    {
        var status = StatusErrors.NotFound("deployments.apps", "apps", "deployments", "web").ToStatus();
        Assert.Equal(404, (int)status["code"]!);
        Assert.Equal("NotFound", (string)status["reason"]!);
        Assert.Equal("deployments.apps \"web\" not found", (string)status["message"]!);
        Assert.Equal("deployments", (string)status["details"]!["kind"]!);
        Assert.Equal("apps", (string)status["details"]!["group"]!);
        Assert.Equal("web", (string)status["details"]!["name"]!);
    }

    [Fact]
    public void AlreadyExists_HasUpstreamForm()
    {
        var error = StatusErrors.AlreadyExists("pods", "", "pods", "web");
        Assert.Equal((409, "AlreadyExists", "pods \"web\" already exists"), (error.Code, error.Reason, error.Message));
    }

    [Fact]
    public void Conflict_HasUpstreamForm()
    {
        var error = StatusErrors.Conflict("configmaps", "", "configmaps", "c", StatusErrors.ModifiedMessage);
        Assert.Equal((409, "Conflict"), (error.Code, error.Reason));
        Assert.Equal("Operation cannot be fulfilled on configmaps \"c\": the object has been modified; please apply your changes to the latest version and try again", error.Message);
    }

    [Fact]
    public void MethodNotSupported_HasUpstreamForm() =>
        Assert.Equal("create is not supported on resources of kind \"componentstatuses\"", StatusErrors.MethodNotSupported("componentstatuses", "create").Message);

    [Fact]
    public void ToStatus_FieldOrder_IsKindApiVersionMetadataStatusMessageReasonDetailsCode()
    {
        var status = StatusErrors.NotFound("pods", "", "pods", "web").ToStatus();
        Assert.Equal(["kind", "apiVersion", "metadata", "status", "message", "reason", "details", "code"], status.Select(p => p.Key));
        Assert.Equal("Status", (string)status["kind"]!);
        Assert.Equal("v1", (string)status["apiVersion"]!);
        Assert.IsType<JsonObject>(status["metadata"]);
    }
}
