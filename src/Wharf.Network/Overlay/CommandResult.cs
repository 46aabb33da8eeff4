namespace Wharf.Network.Overlay;

/// <summary>Exit code and output of one helper tool run.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public CommandResult EnsureSuccess(string what) =>
        Succeeded ? this : throw new OverlayCommandException($"{what} failed ({ExitCode}): {StandardError.Trim()}");
}
