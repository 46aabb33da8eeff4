using System.Text;
using Wharf.Node.Images;

namespace Wharf.Node.Tests.Images;

public sealed class DockerConfigTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void ConfigJson_reads_username_and_password()
    {
        var entries = DockerConfig.ParseConfigJson(Utf8("""{"auths":{"reg.local:5000":{"username":"alice","password":"pw","email":"a@b"}}}"""));

        var (key, credential) = Assert.Single(entries);
        Assert.Equal("reg.local:5000", key);
        Assert.Equal(new DockerCredential("alice", "pw"), credential);
    }

    [Theory]
    [InlineData("auth only", """{"auth":"YWxpY2U6cGE6c3M="}""", "alice", "pa:ss")]
    [InlineData("auth wins over username", """{"username":"bob","password":"x","auth":"YWxpY2U6cGE6c3M="}""", "alice", "pa:ss")]
    [InlineData("no auth", """{"username":"bob","password":"x"}""", "bob", "x")]
    public void Auth_is_decoded_and_takes_precedence_as_in_kubelet(string name, string entry, string user, string password)
    {
        var credential = DockerConfig.ParseConfigJson(Utf8($$$"""{"auths":{"r":{{{entry}}}}}"""))[0].Value;

        Assert.True(credential == new DockerCredential(user, password), $"{name}: {credential}");
    }

    [Fact]
    public void Identity_tokens_are_kept()
    {
        var credential = DockerConfig.ParseConfigJson(Utf8("""{"auths":{"r":{"identitytoken":"tok"}}}"""))[0].Value;

        Assert.Equal("tok", credential.IdentityToken);
    }

    [Fact]
    public void Legacy_dockercfg_has_the_entries_at_the_top()
    {
        var entries = DockerConfig.ParseLegacy(Utf8("""{"https://index.docker.io/v1/":{"auth":"dTpw"}}"""));

        Assert.Equal("https://index.docker.io/v1/", entries[0].Key);
        Assert.Equal(new DockerCredential("u", "p"), entries[0].Value);
    }

    [Fact]
    public void A_config_without_auths_has_no_entries()
    {
        Assert.Empty(DockerConfig.ParseConfigJson(Utf8("""{"credsStore":"desktop"}""")));
    }

    [Theory]
    [InlineData("not JSON", "{")]
    [InlineData("auth not base64", """{"auths":{"r":{"auth":"***"}}}""")]
    [InlineData("auth without colon", """{"auths":{"r":{"auth":"YWxpY2U="}}}""")]
    [InlineData("entry not an object", """{"auths":{"r":"x"}}""")]
    public void Malformed_configs_are_refused(string name, string json)
    {
        Assert.Throws<FormatException>(() => DockerConfig.ParseConfigJson(Utf8(json)));
        _ = name;
    }
}
