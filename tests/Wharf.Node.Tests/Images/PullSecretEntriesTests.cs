using System.Text;
using System.Text.Json.Nodes;
using Wharf.Node.Images;

namespace Wharf.Node.Tests.Images;

public sealed class PullSecretEntriesTests
{
    private const string ConfigJson = """{"auths":{"reg.local":{"username":"u","password":"p"}}}""";

    private static JsonObject Secret(string type, string key, string json) => new()
    {
        ["type"] = type,
        ["data"] = new JsonObject { [key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) },
    };

    [Theory]
    [InlineData("dockerconfigjson", "kubernetes.io/dockerconfigjson", ".dockerconfigjson", ConfigJson, 1)]
    [InlineData("legacy dockercfg", "kubernetes.io/dockercfg", ".dockercfg", """{"reg.local":{"username":"u","password":"p"}}""", 1)]
    [InlineData("opaque secret with the right key", "Opaque", ".dockerconfigjson", ConfigJson, 0)]
    [InlineData("right type, wrong key", "kubernetes.io/dockerconfigjson", ".dockercfg", ConfigJson, 0)]
    public void Only_docker_config_secrets_of_their_type_give_credentials(string name, string type, string key, string json, int count)
    {
        Assert.True(PullSecretReader.Entries(Secret(type, key, json)).Count == count, name);
    }
}
