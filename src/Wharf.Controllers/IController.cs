namespace Wharf.Controllers;

/// <summary>A control loop: waits for its informers to sync, runs workers off its queue until cancelled.</summary>
public interface IController
{
    string Name { get; }

    Task RunAsync(int workers, CancellationToken ct);
}
