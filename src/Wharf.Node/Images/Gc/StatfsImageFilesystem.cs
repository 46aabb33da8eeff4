namespace Wharf.Node.Images.Gc;

/// <summary>statfs of a folder (containerd's root): what the image filesystem holds and what is left for non-root users.</summary>
internal sealed class StatfsImageFilesystem(string path) : IImageFilesystem
{
    public (long CapacityBytes, long AvailableBytes) Usage()
    {
        var drive = new DriveInfo(path);
        return (drive.TotalSize, drive.AvailableFreeSpace);
    }
}
