using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.MultiNode;

/// <summary>Cross-node traffic over the VXLAN overlay.</summary>
[Collection(NodeCollection.Name)]
public sealed class VxlanCrossNodeTests(VxlanClusterFixture cluster) : CrossNodeTrafficTests(cluster), IClassFixture<VxlanClusterFixture>;
