namespace Wharf.Node.Host;

/// <summary>Exit code and captured output of a finished helper process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the command line and its stderr when the process failed.</summary>
    public ProcessResult EnsureSuccess(string what)
    {
        if (!Succeeded)
            throw new InvalidOperationException($"{what} failed with exit code {ExitCode}: {StandardError.Trim()}");
        return this;
    }
}
