namespace Wharf.Controllers;

/// <summary>A sync that is not finished but not failing either: look at the key again after <see cref="Delay"/>.</summary>
public class RequeueAfterException(TimeSpan delay, string message) : Exception(message)
{
    public TimeSpan Delay { get; } = delay;
}
