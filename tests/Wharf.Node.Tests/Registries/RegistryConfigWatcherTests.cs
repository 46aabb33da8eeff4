using Wharf.Node.Registries;

namespace Wharf.Node.Tests.Registries;

public sealed class RegistryConfigWatcherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-registries-").FullName;

    private string ConfigPath => Path.Combine(_dir, "registries.yaml");

    private string HostsDir => Path.Combine(_dir, "certs.d");

    private RegistryConfigWatcher NewWatcher() => new(ConfigPath, HostsDir, TimeSpan.FromHours(1));

    [Fact]
    public async Task A_file_that_appears_later_is_rendered_at_the_next_poll()
    {
        await using var watcher = NewWatcher();
        Assert.True(watcher.Load().IsEmpty);
        Assert.Empty(Directory.GetDirectories(HostsDir));

        File.WriteAllText(ConfigPath, "mirrors:\n  \"127.0.0.1:5000\":\n    endpoint: [\"http://127.0.0.1:5000\"]\n");

        Assert.True(watcher.Poll());
        Assert.True(File.Exists(Path.Combine(HostsDir, "127.0.0.1:5000", "hosts.toml")));
        Assert.False(watcher.Poll());
    }

    [Fact]
    public async Task A_registry_removed_from_the_file_loses_its_directory()
    {
        File.WriteAllText(ConfigPath, "mirrors:\n  a.local:\n    endpoint: [\"http://a.local\"]\n  b.local:\n    endpoint: [\"http://b.local\"]\n");
        await using var watcher = NewWatcher();
        watcher.Load();

        File.WriteAllText(ConfigPath, "mirrors:\n  b.local:\n    endpoint: [\"http://b.local\"]\n# shorter\n");
        File.SetLastWriteTimeUtc(ConfigPath, DateTime.UtcNow.AddSeconds(5));

        Assert.True(watcher.Poll());
        Assert.Equal(["b.local"], Directory.GetDirectories(HostsDir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_invalid_edit_keeps_the_last_good_config()
    {
        File.WriteAllText(ConfigPath, "mirrors:\n  a.local:\n    endpoint: [\"http://a.local\"]\n");
        await using var watcher = NewWatcher();
        var good = watcher.Load();

        File.WriteAllText(ConfigPath, "mirrors: [broken");

        Assert.False(watcher.Poll());
        Assert.Same(good, watcher.Current);
        Assert.True(File.Exists(Path.Combine(HostsDir, "a.local", "hosts.toml")));
    }

    [Fact]
    public void Load_refuses_an_invalid_file()
    {
        File.WriteAllText(ConfigPath, "mirrors:\n  docker.io:\n    endpoint: 3\n");
        var watcher = NewWatcher();

        Assert.Throws<FormatException>(() => watcher.Load());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
