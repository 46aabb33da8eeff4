namespace Wharf.E2E.Tests.Harness;

/// <summary>What one kubectl invocation printed and how it ended. <see cref="TimedOut"/> = the runner killed it.</summary>
public sealed record KubectlResult(string CommandLine, int ExitCode, string StdOut, string StdErr, bool TimedOut)
{
    /// <summary>stdout and stderr together, for assertion messages.</summary>
    public override string ToString() =>
        $"$ {CommandLine}\n[exit {ExitCode}{(TimedOut ? ", timed out" : "")}]\n--- stdout ---\n{StdOut}--- stderr ---\n{StdErr}";

    /// <summary>Fails the test with the full transcript unless kubectl exited 0.</summary>
    public KubectlResult EnsureSuccess()
    {
        if (ExitCode != 0 || TimedOut)
            throw new Xunit.Sdk.XunitException($"kubectl failed:\n{this}");
        return this;
    }
}
