namespace Wharf.Node.Agent.Volumes;

/// <summary>A volume could not be set up (event FailedMount; the pod stays ContainerCreating and is retried).</summary>
internal sealed class VolumeSetupException(string volume, string message) : Exception(message)
{
    public string Volume { get; } = volume;
}
