using System.Text.Json;
using k8s;

namespace Wharf.Scheduler.Framework;

/// <summary>What a plugin factory receives: its framework and its raw args from the profile's pluginConfig.</summary>
public sealed class PluginContext(IFrameworkHandle handle, JsonElement? args)
{
    public IFrameworkHandle Handle { get; } = handle;

    public JsonElement? RawArgs { get; } = args;

    /// <summary>Args bound with the Kubernetes JSON settings (so embedded API types read as kubectl writes them).</summary>
    public T Args<T>() where T : class, new() =>
        RawArgs is { ValueKind: JsonValueKind.Object } a ? KubernetesJson.Deserialize<T>(a.GetRawText()) ?? new T() : new T();
}
