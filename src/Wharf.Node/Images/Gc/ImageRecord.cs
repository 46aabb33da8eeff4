namespace Wharf.Node.Images.Gc;

/// <summary>What the collector knows of one image: when it first saw it, when a container last used it, its size.</summary>
internal sealed class ImageRecord(DateTimeOffset firstDetected)
{
    public DateTimeOffset FirstDetected { get; } = firstDetected;

    public DateTimeOffset LastUsed { get; set; }

    public long Size { get; set; }

    /// <summary>Pinned by the runtime (containerd pins the sandbox image) or the configured sandbox image.</summary>
    public bool Pinned { get; set; }
}
