namespace Wharf.Node.Tests.Stats;

/// <summary>A temporary folder standing in for /sys/fs/cgroup or /proc, filled file by file.</summary>
internal sealed class FakeTree : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("wharf-stats-").FullName;

    public FakeTree Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
