using Wharf.Node.Host;

namespace Wharf.Node.Tests.Host;

public sealed class MountCleanerTests
{
    [Theory]
    [InlineData("plain path", "/run/a", "/run/a")]
    [InlineData("escaped space", "/run/a\\040b", "/run/a b")]
    [InlineData("escaped backslash", "/run/a\\134b", "/run/a\\b")]
    [InlineData("backslash without octal", "/run/a\\xb", "/run/a\\xb")]
    [InlineData("escape at the very end", "/run/a\\040", "/run/a ")]
    public void Unescape_MountinfoField_DecodesOctal(string name, string field, string expected)
    {
        Assert.True(expected == MountCleaner.Unescape(field), name);
    }

    [Fact]
    public async Task UnmountAllUnder_NestedMounts_RemovesThemAll()
    {
        var dir = Directory.CreateTempSubdirectory("wharf-mounts-").FullName;
        try
        {
            var outer = Directory.CreateDirectory(Path.Combine(dir, "outer dir")).FullName;
            (await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "tmpfs", outer], CancellationToken.None)).EnsureSuccess("mount outer");
            var inner = Directory.CreateDirectory(Path.Combine(outer, "inner")).FullName;
            (await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "tmpfs", inner], CancellationToken.None)).EnsureSuccess("mount inner");
            Assert.Equal([outer, inner], MountCleaner.MountsUnder(dir).Order());

            Assert.Empty(MountCleaner.UnmountAllUnder(dir));

            Assert.Empty(MountCleaner.MountsUnder(dir));
        }
        finally
        {
            MountCleaner.UnmountAllUnder(dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void MountsUnder_DirectoryWithoutMounts_IsEmpty()
    {
        var dir = Directory.CreateTempSubdirectory("wharf-mounts-").FullName;
        try
        {
            Assert.Empty(MountCleaner.MountsUnder(dir));
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}
