using Wharf.Node.Images;

namespace Wharf.Node.Tests.Images;

public sealed class ImageNameTests
{
    [Theory]
    [InlineData("busybox", "docker.io/library/busybox")]
    [InlineData("busybox:1.36", "docker.io/library/busybox")]
    [InlineData("someone/app:2", "docker.io/someone/app")]
    [InlineData("docker.io/busybox", "docker.io/library/busybox")]
    [InlineData("index.docker.io/someone/app", "docker.io/someone/app")]
    [InlineData("quay.io/coreos/etcd:v3.5", "quay.io/coreos/etcd")]
    [InlineData("127.0.0.1:5000/test/busybox:1", "127.0.0.1:5000/test/busybox")]
    [InlineData("localhost/app", "localhost/app")]
    [InlineData("reg.local:5000/app@sha256:0123", "reg.local:5000/app")]
    [InlineData("reg.local:5000/app:1@sha256:0123", "reg.local:5000/app")]
    public void Repository_is_normalized_as_docker_does(string image, string repository)
    {
        Assert.Equal(repository, ImageName.Repository(image));
    }
}
