using k8s;

namespace Wharf.Bench.PodStartup;

/// <summary>
/// Plain-text GETs through the API server with the kubeconfig's admin credentials (its <c>/metrics</c> and a node's
/// kubelet <c>/metrics</c> through the node proxy), which the JSON client cannot read.
/// </summary>
internal sealed class PlainTextApi(string kubeconfigPath) : IDisposable
{
    private readonly Kubernetes _kubernetes = new(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath));

    public Task<string> GetAsync(string path, CancellationToken ct) =>
        _kubernetes.HttpClient.GetStringAsync(new Uri(_kubernetes.BaseUri, path), ct);

    public void Dispose() => _kubernetes.Dispose();
}
