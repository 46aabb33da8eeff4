using Wharf.Node.Images;

namespace Wharf.Node.Tests.Images;

public sealed class DockerKeyringTests
{
    private static DockerKeyring Keyring(params string[] keys)
    {
        var keyring = new DockerKeyring();
        keyring.Add(keys.Select(k => new KeyValuePair<string, DockerCredential>(k, new DockerCredential(k, "pw"))));
        return keyring;
    }

    private static string[] Users(DockerKeyring keyring, string image) => keyring.Lookup(image).Select(c => c.Username).ToArray();

    [Theory]
    [InlineData("exact host", "registry.local", "registry.local/app:1", true)]
    [InlineData("host with scheme", "https://registry.local", "registry.local/app", true)]
    [InlineData("http scheme", "http://registry.local", "registry.local/app", true)]
    [InlineData("API path /v2/ is the host", "https://registry.local/v2/", "registry.local/app", true)]
    [InlineData("other host", "registry.local", "other.local/app", false)]
    [InlineData("port must match", "registry.local:5000", "registry.local:5000/app", true)]
    [InlineData("missing port does not match a port", "registry.local", "registry.local:5000/app", false)]
    [InlineData("other port", "registry.local:5000", "registry.local:5001/app", false)]
    [InlineData("path prefix", "registry.local/team", "registry.local/team/app", true)]
    [InlineData("other path", "registry.local/team", "registry.local/other/app", false)]
    [InlineData("wildcard label", "*.docker.io", "prefix.docker.io/app", true)]
    [InlineData("wildcard needs the same number of labels", "*.docker.io", "docker.io/app", false)]
    [InlineData("wildcard inside", "prefix.*.io", "prefix.docker.io/app", true)]
    [InlineData("wildcard last", "prefix.docker.*", "prefix.docker.io/app", true)]
    [InlineData("wildcard and path", "*.docker.io/foo", "prefix.docker.io/foo/bar", true)]
    [InlineData("wildcard and other path", "*.docker.io/foo", "prefix.docker.io/bar", false)]
    [InlineData("question mark", "reg?.local", "reg1.local/app", true)]
    [InlineData("loopback with port", "127.0.0.1:41234", "127.0.0.1:41234/test/busybox:1", true)]
    public void Lookup_matches_as_kubelet(string name, string key, string image, bool matches)
    {
        Assert.True(Keyring(key).Lookup(image).Count == (matches ? 1 : 0), name);
    }

    [Theory]
    [InlineData("short name", "busybox")]
    [InlineData("user repository", "someone/app:1.0")]
    [InlineData("docker.io named", "docker.io/library/busybox:1.36")]
    [InlineData("index.docker.io named", "index.docker.io/someone/app")]
    public void Docker_hub_credentials_from_docker_login_apply_to_hub_images(string name, string image)
    {
        Assert.True(Users(Keyring("https://index.docker.io/v1/"), image).Length == 1, name);
    }

    [Fact]
    public void Docker_hub_credentials_do_not_apply_elsewhere()
    {
        Assert.Empty(Keyring("https://index.docker.io/v1/").Lookup("quay.io/coreos/etcd"));
    }

    [Fact]
    public void More_specific_keys_come_first_so_a_pull_tries_them_first()
    {
        var keyring = Keyring("quay.io", "quay.io/coreos", "other.io");

        Assert.Equal(["quay.io/coreos", "quay.io"], Users(keyring, "quay.io/coreos/etcd:v3"));
    }

    [Fact]
    public void Several_credentials_for_one_key_are_all_returned()
    {
        var keyring = new DockerKeyring();
        keyring.Add([new("reg.local", new DockerCredential("first", "1"))]);
        keyring.Add([new("https://reg.local", new DockerCredential("second", "2"))]);

        Assert.Equal(["first", "second"], keyring.Lookup("reg.local/app").Select(c => c.Username));
    }
}
