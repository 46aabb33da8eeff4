namespace Wharf.E2E.Tests.Harness;

/// <summary>Per-invocation extras: text for stdin, extra environment (e.g. KUBE_EDITOR) and a kill deadline.</summary>
public sealed record KubectlOptions
{
    public string? StdIn { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>After this the runner kills kubectl and reports <see cref="KubectlResult.TimedOut"/>; needed for <c>get -w</c>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
