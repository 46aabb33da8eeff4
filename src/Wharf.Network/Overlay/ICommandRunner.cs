namespace Wharf.Network.Overlay;

/// <summary>Runs one tool to completion; the seam between the executor and the processes it starts.</summary>
internal interface ICommandRunner
{
    Task<CommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, string? standardInput, CancellationToken ct);
}
