namespace Wharf.Node.Agent.Server;

/// <summary>The endpoints that read the node's stats and pods, present only when the agent wires their sources.</summary>
internal sealed class StatsRoutes(KubeletApiSources sources)
{
    public StatsSummaryEndpoint Summary { get; } = new(sources.Stats);

    public ResourceMetricsEndpoint ResourceMetrics { get; } = new(sources.Stats);

    public AgentMetricsEndpoint Metrics { get; } = new(sources.Stats, sources.NodeName, sources.StartupSteps);

    public PodsEndpoint Pods { get; } = new(sources.Pods);
}
