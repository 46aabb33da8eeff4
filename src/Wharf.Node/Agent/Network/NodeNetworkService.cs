namespace Wharf.Node.Agent.Network;

/// <summary>
/// A long-running network component the agent starts once its pod network is ready (cluster DNS, service proxy,
/// overlay). Wharf.Node does not depend on them: the binary that composes the node hands them in.
/// </summary>
/// <param name="Name">For logs.</param>
/// <param name="RunAsync">Runs until the token fires; a throw is logged and the service restarted with backoff.</param>
public sealed record NodeNetworkService(string Name, Func<NodeNetworkInfo, CancellationToken, Task> RunAsync);
