using System.Text;
using Wharf.Storage;

// Usage: Wharf.Storage.CrashWriter <data-directory> [writers]
// Prints "ready", then one line "<key> <revision>" per acknowledged create, forever. The crash test
// kills this process with SIGKILL and checks that every printed key survived.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Wharf.Storage.CrashWriter <data-directory> [writers]");
    return 2;
}

var writers = args.Length > 1 ? int.Parse(args[1]) : 8;
var store = await SqliteStorageBackend.OpenAsync(new SqliteStorageOptions
{
    DataDirectory = args[0],
    CompactInterval = TimeSpan.Zero,
    // Background WAL checkpoints nearly all the time, so that the kill often lands in the middle of one.
    WalCheckpointInterval = TimeSpan.FromMilliseconds(2),
});

var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
var gate = new Lock();
output.WriteLine("ready");

await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
{
    for (var i = 0; ; i++)
    {
        var key = $"/crash/{writer}/{i:D8}";
        var created = await store.CreateAsync(key, Encoding.UTF8.GetBytes(key));
        lock (gate)
        {
            output.WriteLine($"{key} {created.ModRevision}");
        }
    }
})));
return 0;
