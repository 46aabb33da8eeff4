namespace Wharf.Network.Ingress.Routing;

/// <summary>What the controller uses of an Ingress, read once from its JSON.</summary>
internal sealed record IngressSpec(
    string Namespace,
    string Name,
    IReadOnlyList<IngressPath> Paths,
    IngressBackend? DefaultBackend,
    IReadOnlyList<IngressTls> Tls)
{
    public string Key => $"{Namespace}/{Name}";

    /// <summary>Every service backend named, the default one included, without repeats.</summary>
    public IEnumerable<IngressBackend> Backends =>
        Paths.Select(p => p.Backend).Concat(DefaultBackend is null ? [] : [DefaultBackend]).Distinct();

    /// <summary>Whether any rule names a host (its default backend then covers those hosts, not every request).</summary>
    public bool HasHostRules => Paths.Any(p => p.Host.Length > 0);
}
