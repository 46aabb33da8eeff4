namespace Wharf.Node.Images.Gc;

/// <summary>Size and free space of the filesystem the runtime keeps its images on.</summary>
public interface IImageFilesystem
{
    (long CapacityBytes, long AvailableBytes) Usage();
}
