using Grpc.Core;
using Wharf.Client.Events;
using Wharf.Node.Cri.V1;
using Wharf.Node.Images.Gc;
using Wharf.Node.Runtime;
using Wharf.Node.Tests.Images;

namespace Wharf.Node.Tests.Images.Gc;

/// <summary>
/// A runtime with images and containers and a disk whose free space grows by an image's size when it is removed;
/// events land in <see cref="Events"/>.
/// </summary>
internal sealed class FakeImageHost : IImageFilesystem
{
    public const long Gi = 1L << 30;

    public Dictionary<string, Image> Images { get; } = new(StringComparer.Ordinal);

    public List<Container> Containers { get; } = [];

    public List<string> Removed { get; } = [];

    public HashSet<string> RefuseRemoval { get; } = new(StringComparer.Ordinal);

    public List<(string Type, string Reason, string Message)> Events { get; } = [];

    public long Capacity { get; set; } = 100 * Gi;

    public long Available { get; set; } = 50 * Gi;

    public void AddImage(string id, long size, string? tag = null, bool pinned = false)
    {
        var image = new Image { Id = id, Size = (ulong)size, Pinned = pinned };
        if (tag is not null)
            image.RepoTags.Add(tag);
        Images[id] = image;
    }

    public void AddContainer(string imageId) =>
        Containers.Add(new Container { Id = "c-" + Containers.Count, ImageRef = imageId, State = ContainerState.ContainerExited });

    public (long CapacityBytes, long AvailableBytes) Usage() => (Capacity, Available);

    public ImageGcManager Manager(TimeProvider time, ImageGcPolicy? policy = null)
    {
        var runtime = CallProxy.Create<IContainerRuntime>((method, args) => method.Name switch
        {
            nameof(IContainerRuntime.ListImagesAsync) => Task.FromResult<IReadOnlyList<Image>>(Images.Values.ToList()),
            nameof(IContainerRuntime.ListContainersAsync) => Task.FromResult<IReadOnlyList<Container>>(Containers.ToList()),
            nameof(IContainerRuntime.RemoveImageAsync) => Remove((string)args[0]!),
            _ => throw new NotSupportedException(method.Name),
        });
        var events = CallProxy.Create<IEventRecorder>((_, args) =>
        {
            Events.Add(((string)args[1]!, (string)args[2]!, (string)args[3]!));
            return null;
        });
        return new ImageGcManager(runtime, this, events, "node-a", "wharf.local/pause:3.10", policy ?? new ImageGcPolicy(), time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    private Task Remove(string id)
    {
        if (RefuseRemoval.Contains(id))
            return Task.FromException(new RpcException(new Status(StatusCode.FailedPrecondition, $"image {id} is in use")));
        Removed.Add(id);
        Available += (long)Images[id].Size;
        Images.Remove(id);
        return Task.CompletedTask;
    }
}
