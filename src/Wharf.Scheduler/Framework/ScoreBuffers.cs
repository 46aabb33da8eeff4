namespace Wharf.Scheduler.Framework;

/// <summary>
/// The per-plugin score arrays of one framework's Score pass, kept for the next cycle: at 5,000 nodes every pod
/// scores ~500 feasible nodes with four plugins, 32 KB of arrays per pod that are dead when the pass returns.
/// Reused only at the same shape (the feasible count is percentageOfNodesToScore's number on a large cluster, so
/// it repeats); every entry is written before it is read, so nothing of the previous cycle shows through.
/// </summary>
internal sealed class ScoreBuffers
{
    private NodeScore[][]? _free;

    public NodeScore[][] Rent(int plugins, int nodes)
    {
        var buffers = Interlocked.Exchange(ref _free, null);
        if (buffers is not null && buffers.Length == plugins && buffers[0].Length == nodes) return buffers;
        buffers = new NodeScore[plugins][];
        for (var i = 0; i < plugins; i++) buffers[i] = new NodeScore[nodes];
        return buffers;
    }

    /// <summary>Hands the arrays back once no plugin holds them (a concurrent pass simply allocates its own).</summary>
    public void Return(NodeScore[][] buffers) => Volatile.Write(ref _free, buffers);
}
