namespace Wharf.Storage.Sqlite;

/// <summary>
/// Keeps a second store (in this or another process) off the same database: revisions are assigned in
/// memory by the single writer, so two writers on one file would hand out the same revision. .NET maps
/// FileShare.None to an advisory lock on Unix, which the kernel drops when the holder dies, so a crashed
/// process never leaves the store locked.
/// </summary>
internal sealed class InstanceLock : IDisposable
{
    private readonly FileStream _file;

    private InstanceLock(FileStream file) => _file = file;

    public static InstanceLock Acquire(string databasePath)
    {
        var path = databasePath + ".lock";
        try
        {
            return new InstanceLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException exception)
        {
            throw new StorageException($"{databasePath} is already open by another store", exception);
        }
    }

    public void Dispose() => _file.Dispose();
}
