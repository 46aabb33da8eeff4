using System.Diagnostics;
using System.Net;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// Debian's docker-registry on 127.0.0.1 (plain http) with htpasswd (bcrypt) auth and its storage in a temp dir,
/// holding the local busybox image pushed with skopeo under <see cref="Repository"/> with the tags
/// <see cref="Tags"/>. Used as an xunit class fixture; stopped by its PID and its folder removed on dispose.
/// </summary>
public sealed class LocalRegistry : IAsyncLifetime
{
    public const string User = "wharf";
    public const string Password = "s3cret-pw";
    public const string Repository = "test/busybox";
    public static readonly string[] Tags = ["1", "2", "3", "4"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _root = new("registry");
    private Process? _process;
    private ProcessOutput? _output;

    public int Port { get; private set; }

    /// <summary>host:port as it appears in image names.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public string Image(string tag) => $"{Host}/{Repository}:{tag}";

    /// <summary>The same registry under the name <c>localhost:PORT</c>, for which the node config carries credentials.</summary>
    public string LocalhostHost => $"localhost:{Port}";

    public string LocalhostImage(string tag) => $"{LocalhostHost}/{Repository}:{tag}";

    public async Task InitializeAsync()
    {
        try
        {
            await StartAndPushAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAndPushAsync()
    {
        Port = FreePort.Next();
        var htpasswd = await RunAsync("htpasswd", ["-Bbn", User, Password]);
        await File.WriteAllTextAsync(_root.File("htpasswd"), htpasswd);
        await File.WriteAllTextAsync(_root.File("config.yml"), $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {_root.File("storage")}
            http:
              addr: {Host}
            auth:
              htpasswd:
                realm: wharf-e2e
                path: {_root.File("htpasswd")}
            """);
        var start = new ProcessStartInfo("/usr/bin/docker-registry") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(_root.File("config.yml"));
        _process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
        _output = new ProcessOutput(_process);
        ChildProcessReaper.Track(_process);
        await WaitAnsweringAsync();

        // The local busybox archive (scripts/build-images.sh), copied out of the harness' image set.
        await LocalImages.CopyIntoAsync(_root.Path, CancellationToken.None);
        var archive = Path.Combine(_root.Path, "agent", "images", "busybox-1.36.tar");
        foreach (var tag in Tags)
        {
            await RunAsync("skopeo", ["copy", "--quiet", "--dest-creds", $"{User}:{Password}", "--dest-tls-verify=false",
                $"docker-archive:{archive}", $"docker://{Image(tag)}"]);
        }
    }

    /// <summary>
    /// The registries.yaml for the node: this registry over plain http under both of its names, with credentials
    /// only for <see cref="LocalhostHost"/> (so <see cref="Host"/> still needs a pull secret).
    /// </summary>
    public string NodeConfig() => $"""
        mirrors:
          "{Host}":
            endpoint:
              - "http://{Host}"
          "{LocalhostHost}":
            endpoint:
              - "http://{LocalhostHost}"
        configs:
          "{LocalhostHost}":
            auth:
              username: {User}
              password: {Password}
        """;

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            UnixSignals.Send(_process.Id, UnixSignals.SigTerm);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                UnixSignals.Send(_process.Id, UnixSignals.SigKill);
                _process.WaitForExit();
            }
        }
        _process?.Dispose();
        _root.Dispose();
        return Task.CompletedTask;
    }

    private async Task WaitAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}:\n{_output!.StdOut}{_output.StdErr}");
            try
            {
                // Without credentials the API root answers 401: the registry is up and auth is on.
                using var response = await http.GetAsync($"http://{Host}/v2/");
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"docker-registry on {Host} did not answer within {StartTimeout}:\n{_output!.StdOut}{_output.StdErr}");
    }

    private static async Task<string> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = new ProcessOutput(process);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await output.Closed;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output.StdOut}{output.StdErr}");
        return output.StdOut;
    }
}
