namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// Every test that needs real pods shares one node-backed server and runs one class at a time: two embedded agents
/// on one host would fight over the bridge, the kubelet port and the cluster DNS address.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NodeCollection : ICollectionFixture<NodeServerFixture>
{
    public const string Name = "node";
}
