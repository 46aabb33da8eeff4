using System.Text;
using Wharf.Node.Agent.Server;

namespace Wharf.Node.Tests.Streaming;

public sealed class CriLogCopierTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"wharf-log-{Guid.NewGuid():N}.log");

    private const string Log =
        "2024-05-01T10:00:00.000000001Z stdout F first\n" +
        "2024-05-01T10:00:01.5Z stderr F second\n" +
        "2024-05-01T10:00:02Z stdout P thi\n" +
        "2024-05-01T10:00:02.1Z stdout F rd\n" +
        "2024-05-01T10:00:03Z stdout F fourth\n";

    public CriLogCopierTests() => File.WriteAllText(_path, Log);

    public void Dispose() => File.Delete(_path);

    public static TheoryData<string, ContainerLogOptions, string> Cases => new()
    {
        { "everything", new ContainerLogOptions(), "first\nsecond\nthird\nfourth\n" },
        { "tail counts joined partial lines once", new ContainerLogOptions { TailLines = 2 }, "third\nfourth\n" },
        { "tail zero", new ContainerLogOptions { TailLines = 0 }, "" },
        { "tail longer than the log", new ContainerLogOptions { TailLines = 50 }, "first\nsecond\nthird\nfourth\n" },
        { "timestamps as written", new ContainerLogOptions { Timestamps = true, TailLines = 1 }, "2024-05-01T10:00:03Z fourth\n" },
        { "since", new ContainerLogOptions { Since = DateTimeOffset.Parse("2024-05-01T10:00:01Z") }, "second\nthird\nfourth\n" },
        { "byte limit cuts mid line", new ContainerLogOptions { LimitBytes = 9 }, "first\nsec" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Copies_the_entries_kubectl_logs_asks_for(string name, ContainerLogOptions options, string expected)
    {
        _ = name;
        using var output = new MemoryStream();

        await new CriLogCopier(TimeSpan.FromMilliseconds(10)).CopyAsync(_path, options, _ => Task.FromResult(false), output, CancellationToken.None);

        Assert.Equal(expected, Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task Follow_delivers_appended_lines_and_ends_when_the_container_stopped()
    {
        using var output = new MemoryStream();
        var running = true;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var copying = new CriLogCopier(TimeSpan.FromMilliseconds(10)).CopyAsync(_path, new ContainerLogOptions { Follow = true, TailLines = 1 },
            _ => Task.FromResult(running), output, cts.Token);

        await Task.Delay(200);
        File.AppendAllText(_path, "2024-05-01T10:00:04Z stdout F fifth\n");
        await Task.Delay(200);
        Assert.False(copying.IsCompleted);
        running = false;
        await copying.WaitAsync(cts.Token);

        Assert.Equal("fourth\nfifth\n", Encoding.UTF8.GetString(output.ToArray()));
    }
}
