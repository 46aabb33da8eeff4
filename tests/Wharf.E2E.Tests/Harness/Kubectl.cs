using System.Diagnostics;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// Runs the real <c>/usr/bin/kubectl</c> against one server. Each runner has its own KUBECACHEDIR so discovery and
/// OpenAPI caches (6 h and 2 h on disk) never leak between tests or from earlier server builds.
/// </summary>
public sealed class Kubectl : IDisposable
{
    private const string Executable = "/usr/bin/kubectl";
    private readonly string _kubeconfig;
    private readonly TempDirectory _cache = new("kubecache");

    public Kubectl(string kubeconfig)
    {
        _kubeconfig = kubeconfig;
    }

    /// <summary>A scratch folder (deleted with the runner) for files the test hands to kubectl.</summary>
    public string WorkDirectory => _cache.Path;

    /// <summary>Writes <paramref name="content"/> to a file in <see cref="WorkDirectory"/> and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = _cache.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    public Task<KubectlResult> RunAsync(params string[] args) => RunAsync(args, new KubectlOptions(), CancellationToken.None);

    public async Task<KubectlResult> RunAsync(IReadOnlyList<string> args, KubectlOptions options, CancellationToken ct)
    {
        await using var process = await StartAsync(args, options, ct);
        return await process.WaitAsync(ct);
    }

    /// <summary>Starts kubectl and returns while it runs (for <c>get -w</c>); stdin is written and closed at once.</summary>
    public async Task<KubectlProcess> StartAsync(IReadOnlyList<string> args, KubectlOptions options, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _cache.Path,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["KUBECONFIG"] = _kubeconfig;
        start.Environment["KUBECACHEDIR"] = Path.Combine(_cache.Path, "cache");
        start.Environment["HOME"] = _cache.Path;
        foreach (var (key, value) in options.Environment)
            start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var running = new KubectlProcess(process, "kubectl " + string.Join(' ', args.Select(Quote)), options.Timeout);
        await running.WriteStdInAsync(options.StdIn, ct);
        return running;
    }

    public void Dispose() => _cache.Dispose();

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_=./:,".Contains(c)) ? arg : $"'{arg}'";
}
