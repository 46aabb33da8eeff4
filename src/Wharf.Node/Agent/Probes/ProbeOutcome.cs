namespace Wharf.Node.Agent.Probes;

/// <summary>One probe attempt: whether it passed, and upstream's message when it did not.</summary>
internal sealed record ProbeOutcome(bool Success, string Message)
{
    public static readonly ProbeOutcome Passed = new(true, "");

    public static ProbeOutcome Failed(string message) => new(false, message);
}
