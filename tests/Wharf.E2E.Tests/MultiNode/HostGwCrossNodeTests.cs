using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.MultiNode;

/// <summary>Cross-node traffic over host-gw routes.</summary>
[Collection(NodeCollection.Name)]
public sealed class HostGwCrossNodeTests(HostGwClusterFixture cluster) : CrossNodeTrafficTests(cluster), IClassFixture<HostGwClusterFixture>;
