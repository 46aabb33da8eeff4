using k8s;
using k8s.Models;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// One server with its embedded node agent, so pods really run. Afterwards every workload is deleted through the API
/// (the agent stops the containers as it would in a cluster), the server is stopped by its PID, and
/// <see cref="NodeHostCleanup"/> removes what the agent left on the host.
/// </summary>
public sealed class NodeServerFixture : WharfServerFixture
{
    private static readonly TimeSpan PodsGoneWithin = TimeSpan.FromSeconds(30);
    private NodeHostCleanup? _cleanup;

    protected override WharfServerOptions Options => WharfServerOptions.WithNodeAgent;

    /// <summary>The name the agent registers its Node under (wharf's default: the host name, lower case).</summary>
    public static string NodeName => Environment.MachineName.ToLowerInvariant();

    public NodeHostCleanup HostCleanup => _cleanup ?? throw new InvalidOperationException("fixture not initialised");

    public override async Task InitializeAsync()
    {
        try
        {
            await base.InitializeAsync();
            _cleanup = new NodeHostCleanup(Server.DataDirectory, Options);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public override async Task DisposeAsync()
    {
        var problems = new List<string>();
        if (StartedServer is { ProcessId: > 0 } server)
        {
            try
            {
                await DeleteWorkloadsAsync();
            }
            catch (Exception e)
            {
                problems.Add($"deleting workloads: {e.Message}");
            }
            try
            {
                await server.StopAsync(CancellationToken.None);
            }
            catch (TimeoutException)
            {
                await server.KillAsync(CancellationToken.None);
            }
        }
        if (_cleanup is not null)
        {
            await _cleanup.RunAsync();
            problems.AddRange(_cleanup.Problems);
        }
        await base.DisposeAsync();
        if (problems.Count > 0)
            throw new InvalidOperationException("node cleanup incomplete:\n" + string.Join('\n', problems));
    }

    /// <summary>Owners first (a ReplicaSet would replace a deleted pod), then the pods; waits until the agent let them go.</summary>
    private async Task DeleteWorkloadsAsync()
    {
        using var client = Client();
        // The garbage collector removes dependents concurrently, so an object already gone is fine.
        foreach (var deployment in (await client.AppsV1.ListDeploymentForAllNamespacesAsync()).Items)
            await IgnoreNotFoundAsync(() => client.AppsV1.DeleteNamespacedDeploymentAsync(deployment.Name(), deployment.Namespace(), propagationPolicy: "Background"));
        foreach (var statefulSet in (await client.AppsV1.ListStatefulSetForAllNamespacesAsync()).Items)
            await IgnoreNotFoundAsync(() => client.AppsV1.DeleteNamespacedStatefulSetAsync(statefulSet.Name(), statefulSet.Namespace(), propagationPolicy: "Background"));
        foreach (var daemonSet in (await client.AppsV1.ListDaemonSetForAllNamespacesAsync()).Items)
            await IgnoreNotFoundAsync(() => client.AppsV1.DeleteNamespacedDaemonSetAsync(daemonSet.Name(), daemonSet.Namespace(), propagationPolicy: "Background"));
        foreach (var replicaSet in (await client.AppsV1.ListReplicaSetForAllNamespacesAsync()).Items)
            await IgnoreNotFoundAsync(() => client.AppsV1.DeleteNamespacedReplicaSetAsync(replicaSet.Name(), replicaSet.Namespace(), propagationPolicy: "Background"));
        await Poll.UntilAsync(async () =>
        {
            var pods = (await client.CoreV1.ListPodForAllNamespacesAsync()).Items;
            foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null))
                await IgnoreNotFoundAsync(() => client.CoreV1.DeleteNamespacedPodAsync(pod.Name(), pod.Namespace()));
            return pods.Count == 0;
        }, PodsGoneWithin, "all pods deleted and released by the agent");
    }

    private static async Task IgnoreNotFoundAsync<T>(Func<Task<T>> delete)
    {
        try
        {
            await delete();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
    }
}
