namespace Wharf.Node.Runtime;

/// <summary>Outcome of a synchronous exec in a container.</summary>
public sealed record ExecResult(int ExitCode, byte[] Stdout, byte[] Stderr)
{
    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);

    public string StderrText => System.Text.Encoding.UTF8.GetString(Stderr);
}
