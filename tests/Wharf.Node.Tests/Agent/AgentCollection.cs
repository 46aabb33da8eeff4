namespace Wharf.Node.Tests.Agent;

/// <summary>The agent tests share one API server, agent and containerd (starting them is most of the cost).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AgentCollection : ICollectionFixture<AgentFixture>
{
    public const string Name = "node-agent";
}
