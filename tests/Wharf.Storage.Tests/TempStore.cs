using System.Text;

namespace Wharf.Storage.Tests;

/// <summary>A store in a fresh temp directory, deleted on dispose. The background compactor is off unless a test turns it on.</summary>
internal sealed class TempStore : IAsyncDisposable
{
    private readonly Action<SqliteStorageOptions>? _configure;

    private TempStore(string directory, Action<SqliteStorageOptions>? configure)
    {
        Directory = directory;
        _configure = configure;
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, SqliteStorageOptions.DefaultFileName);

    public SqliteStorageBackend Store { get; private set; } = null!;

    /// <param name="configure">Options on top of the defaults, at every open.</param>
    /// <param name="seed">Writes the database file (given its path) before the store first opens it.</param>
    public static async Task<TempStore> OpenAsync(Action<SqliteStorageOptions>? configure = null, Action<string>? seed = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "wharf-storage-tests", Guid.NewGuid().ToString("N"));
        var temp = new TempStore(directory, configure);
        seed?.Invoke(temp.DatabasePath);
        temp.Store = await SqliteStorageBackend.OpenAsync(temp.Options());
        return temp;
    }

    public SqliteStorageOptions Options()
    {
        var options = new SqliteStorageOptions { DataDirectory = Directory, CompactInterval = TimeSpan.Zero };
        _configure?.Invoke(options);
        return options;
    }

    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await SqliteStorageBackend.OpenAsync(Options());
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(StoredObject stored) => Encoding.UTF8.GetString(stored.Value.Span);
}
