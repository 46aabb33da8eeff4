namespace Wharf.Node.Agent.Pods;

/// <summary>A container cannot be configured (missing configMap/secret/key): status CreateContainerConfigError.</summary>
internal sealed class ContainerConfigException(string message) : Exception(message);
