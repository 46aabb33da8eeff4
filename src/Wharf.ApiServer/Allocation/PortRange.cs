namespace Wharf.ApiServer.Allocation;

/// <summary>The node port range (upstream's default 30000-32767).</summary>
public sealed record PortRange(int First, int Last)
{
    public static readonly PortRange Default = new(30000, 32767);

    public int Size => Last - First + 1;

    public bool Contains(long port) => port >= First && port <= Last;

    public override string ToString() => $"{First}-{Last}";
}
