namespace Wharf.ApiServer.NodeProxy;

/// <summary>The <c>[scheme:]NAME[:PORT]</c> segment of proxy URLs (upstream's SplitSchemeNamePort).</summary>
public sealed record PodNameAndPort(string Scheme, string Name, string Port)
{
    public static PodNameAndPort? Parse(string segment)
    {
        var parts = segment.Split(':');
        return parts switch
        {
            [var name] when name.Length > 0 => new("", name, ""),
            [var name, var port] when name.Length > 0 => new("", name, port),
            [var scheme and ("http" or "https"), var name, var port] when name.Length > 0 => new(scheme, name, port),
            _ => null,
        };
    }
}
