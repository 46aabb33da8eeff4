using System.Text.Json.Nodes;
using Wharf.Controllers.Deployment;

namespace Wharf.Controllers.Tests.Deployment;

public sealed class DeploymentModelsTests
{
    private const string Key = "app/web";

    private static JsonObject Json(string uid, string rv, bool managedFields = false)
    {
        var metadata = new JsonObject { ["name"] = "web", ["namespace"] = "app", ["uid"] = uid, ["resourceVersion"] = rv };
        if (managedFields) metadata["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "m" });
        return new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = metadata, ["spec"] = new JsonObject { ["replicas"] = 3 } };
    }

    [Theory]
    [InlineData("same uid and version: the kept model", "u1", "8", false, true)]
    [InlineData("another version: read again", "u1", "9", false, false)]
    [InlineData("another uid (deleted and created again): read again", "u2", "8", false, false)]
    [InlineData("the cached object has managedFields the model lacks: read again", "u1", "8", true, false)]
    public void Take_GivesTheKeptModel_OnlyAtItsVersion(string name, string uid, string rv, bool managedFields, bool kept)
    {
        _ = name;
        var models = new DeploymentModels();
        var model = models.Take(Key, Json("u1", "7")).Model;
        model.Metadata.ResourceVersion = "8";
        models.Keep(Key, new DeploymentModels.Kept(model, null));

        var taken = models.Take(Key, Json(uid, rv, managedFields)).Model;

        Assert.Equal(kept, ReferenceEquals(model, taken));
        Assert.Equal(rv, taken.Metadata.ResourceVersion);
        Assert.Equal(3, taken.Spec.Replicas);
    }

    [Fact]
    public void Take_RemovesTheModel_SoThatNoTwoPassesShareIt()
    {
        var models = new DeploymentModels();
        var model = models.Take(Key, Json("u1", "7")).Model;
        models.Keep(Key, new DeploymentModels.Kept(model, null));

        Assert.Same(model, models.Take(Key, Json("u1", "7")).Model);
        Assert.NotSame(model, models.Take(Key, Json("u1", "7")).Model);
        Assert.Equal(0, models.Count);
    }

    [Fact]
    public void StatusText_GoesWithTheModel_AndNotWithAModelReadAgain()
    {
        var models = new DeploymentModels();
        var model = models.Take(Key, Json("u1", "7")).Model;
        models.Keep(Key, new DeploymentModels.Kept(model, [1, 2, 3]));

        Assert.Equal([1, 2, 3], models.Take(Key, Json("u1", "7")).StatusText);
        models.Keep(Key, new DeploymentModels.Kept(model, [1, 2, 3]));
        Assert.Null(models.Take(Key, Json("u1", "8")).StatusText);
    }

    [Fact]
    public void Forget_DropsTheModel()
    {
        var models = new DeploymentModels();
        var model = models.Take(Key, Json("u1", "7")).Model;
        models.Keep(Key, new DeploymentModels.Kept(model, null));

        models.Forget(Key);

        Assert.NotSame(model, models.Take(Key, Json("u1", "7")).Model);
    }
}
