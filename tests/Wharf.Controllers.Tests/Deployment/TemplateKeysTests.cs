using k8s.Models;
using Wharf.Controllers.Deployment;

namespace Wharf.Controllers.Tests.Deployment;

public sealed class TemplateKeysTests
{
    private static V1PodTemplateSpec Template(string image, string? hash = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Labels = hash is null ? new Dictionary<string, string> { ["app"] = "web" } : new Dictionary<string, string> { ["app"] = "web", [PodTemplateHash.Label] = hash },
        },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image }] },
    };

    [Theory]
    [InlineData("same object, same generation: the key it had", "u1", 1L, "nginx:1.27")]
    [InlineData("a new generation: the new template's key", "u1", 2L, "nginx:1.28")]
    [InlineData("another object: its own key", "u2", 1L, "nginx:1.28")]
    [InlineData("no generation: computed every time", "u1", null, "nginx:1.28")]
    public void KeysAreKeptPerObjectAndGeneration(string name, string uid, long? generation, string keyOfImage)
    {
        _ = name;
        var keys = new TemplateKeys();
        keys.Of(new V1ObjectMeta { Uid = "u1", Generation = 1 }, Template("nginx:1.27"));

        // The template asked with is 1.28 each time; a cached key still says 1.27.
        var key = keys.Of(new V1ObjectMeta { Uid = uid, Generation = generation }, Template("nginx:1.28", hash: "abc"));

        Assert.Equal(RolloutMath.TemplateKey(Template(keyOfImage)), key);
    }
}
