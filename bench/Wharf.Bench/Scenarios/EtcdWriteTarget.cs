using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Wharf.Bench.Api;

namespace Wharf.Bench.Scenarios;

/// <summary>
/// The yardstick: raw etcd v3 puts of the same ConfigMap bytes under a kube-apiserver-like key. No
/// compare-and-swap, so "update" is a blind overwrite; the version token is the store revision.
/// </summary>
internal sealed class EtcdWriteTarget(EtcdClient etcd) : IWriteTarget
{
    public string Name => "etcd";

    public Task PrepareAsync(string space, CancellationToken ct) => Task.CompletedTask;

    public Task<string> CreateAsync(string space, string name, CancellationToken ct) => PutAsync(space, name, 0, ct);

    public Task<string> UpdateAsync(string space, string name, string version, long generation, CancellationToken ct) =>
        PutAsync(space, name, generation, ct);

    public Task<long?> ServerAllocatedBytesAsync(CancellationToken ct) => Task.FromResult<long?>(null);

    private async Task<string> PutAsync(string space, string name, long generation, CancellationToken ct)
    {
        var request = new PutRequest
        {
            Key = ByteString.CopyFromUtf8($"/registry/configmaps/{space}/{name}"),
            Value = ByteString.CopyFrom(ConfigMapJson.Build(space, name, null, generation)),
        };
        var response = await etcd.PutAsync(request, cancellationToken: ct);
        return response.Header.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
