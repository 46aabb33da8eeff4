using Wharf.Node.Images;

namespace Wharf.Node.Tests.Images;

public sealed class ImageImporterTests
{
    [Theory]
    [InlineData("one image", "unpacking wharf.local/busybox:1.36 (sha256:ed65)...done\n", new[] { "wharf.local/busybox:1.36" })]
    [InlineData("two images", "unpacking a:1 (sha256:1)...done\nunpacking b:2 (sha256:2)...done\n", new[] { "a:1", "b:2" })]
    [InlineData("nothing imported", "", new string[0])]
    public void ParseImported_CtrOutput_ReturnsImageNames(string name, string output, string[] expected)
    {
        Assert.True(expected.SequenceEqual(ImageImporter.ParseImported(output)), name);
    }

    [Fact]
    public async Task ImportAsync_MissingArchive_ThrowsFileNotFound()
    {
        var importer = new ImageImporter("/nonexistent/containerd.sock");

        await Assert.ThrowsAsync<FileNotFoundException>(() => importer.ImportAsync("/nonexistent/image.tar", CancellationToken.None));
    }
}
