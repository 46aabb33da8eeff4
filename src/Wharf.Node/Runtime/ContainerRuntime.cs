using Grpc.Core;
using Wharf.Node.Cri;
using Wharf.Node.Cri.V1;

namespace Wharf.Node.Runtime;

/// <summary>The CRI-backed <see cref="IContainerRuntime"/>.</summary>
public sealed class ContainerRuntime(CriClient client) : IContainerRuntime
{
    private RuntimeService.RuntimeServiceClient Rt => client.Runtime;

    private ImageService.ImageServiceClient Img => client.Images;

    public Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) => client.VersionAsync(cancellationToken);

    public async Task<string> RunPodSandboxAsync(PodSandboxSpec sandbox, CancellationToken cancellationToken)
    {
        // The log directory must exist before containers write into it.
        Directory.CreateDirectory(sandbox.LogDirectory);
        var response = await Rt.RunPodSandboxAsync(new RunPodSandboxRequest { Config = CriRequests.Sandbox(sandbox) }, cancellationToken: cancellationToken);
        return response.PodSandboxId;
    }

    public Task StopPodSandboxAsync(string sandboxId, CancellationToken cancellationToken) =>
        IgnoreNotFound(Rt.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandboxId }, cancellationToken: cancellationToken));

    public Task RemovePodSandboxAsync(string sandboxId, CancellationToken cancellationToken) =>
        IgnoreNotFound(Rt.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId }, cancellationToken: cancellationToken));

    public async Task<PodSandboxStatus?> PodSandboxStatusAsync(string sandboxId, CancellationToken cancellationToken) =>
        (await NullIfNotFound(Rt.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = sandboxId }, cancellationToken: cancellationToken)))?.Status;

    public async Task<IReadOnlyList<PodSandbox>> ListPodSandboxesAsync(IReadOnlyDictionary<string, string>? labelSelector, CancellationToken cancellationToken)
    {
        var filter = new PodSandboxFilter();
        if (labelSelector is not null)
            filter.LabelSelector.AddAll(labelSelector);
        var response = await Rt.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = filter }, cancellationToken: cancellationToken);
        return response.Items;
    }

    public async Task<string> CreateContainerAsync(string sandboxId, PodSandboxSpec sandbox, ContainerSpec container, CancellationToken cancellationToken)
    {
        var request = new CreateContainerRequest
        {
            PodSandboxId = sandboxId,
            Config = CriRequests.Container(container),
            SandboxConfig = CriRequests.Sandbox(sandbox),
        };
        var response = await Rt.CreateContainerAsync(request, cancellationToken: cancellationToken);
        return response.ContainerId;
    }

    public async Task StartContainerAsync(string containerId, CancellationToken cancellationToken) =>
        await Rt.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, cancellationToken: cancellationToken);

    public Task StopContainerAsync(string containerId, TimeSpan gracePeriod, CancellationToken cancellationToken) =>
        IgnoreNotFound(Rt.StopContainerAsync(
            new StopContainerRequest { ContainerId = containerId, Timeout = (long)Math.Ceiling(gracePeriod.TotalSeconds) },
            cancellationToken: cancellationToken));

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) =>
        IgnoreNotFound(Rt.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = containerId }, cancellationToken: cancellationToken));

    public async Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken cancellationToken) =>
        (await NullIfNotFound(Rt.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId }, cancellationToken: cancellationToken)))?.Status;

    public async Task<IReadOnlyList<Container>> ListContainersAsync(string? sandboxId, IReadOnlyDictionary<string, string>? labelSelector, CancellationToken cancellationToken)
    {
        var filter = new ContainerFilter { PodSandboxId = sandboxId ?? "" };
        if (labelSelector is not null)
            filter.LabelSelector.AddAll(labelSelector);
        var response = await Rt.ListContainersAsync(new ListContainersRequest { Filter = filter }, cancellationToken: cancellationToken);
        return response.Containers;
    }

    public async Task<ExecResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new ExecSyncRequest { ContainerId = containerId, Timeout = (long)Math.Ceiling(timeout.TotalSeconds) };
        request.Cmd.AddRange(command);
        // The runtime enforces the timeout itself; the deadline only guards against a runtime that hangs.
        var deadline = DateTime.UtcNow + timeout + TimeSpan.FromSeconds(5);
        var response = await Rt.ExecSyncAsync(request, deadline: deadline, cancellationToken: cancellationToken);
        return new ExecResult(response.ExitCode, response.Stdout.ToByteArray(), response.Stderr.ToByteArray());
    }

    public async Task<Uri> ExecUrlAsync(string containerId, IReadOnlyList<string> command, StreamOptions streams, CancellationToken cancellationToken)
    {
        var request = new ExecRequest
        {
            ContainerId = containerId,
            Stdin = streams.Stdin,
            Stdout = streams.Stdout,
            // With a TTY stderr is merged into stdout; CRI rejects asking for both.
            Stderr = streams.Stderr && !streams.Tty,
            Tty = streams.Tty,
        };
        request.Cmd.AddRange(command);
        return new Uri((await Rt.ExecAsync(request, cancellationToken: cancellationToken)).Url);
    }

    public async Task<Uri> AttachUrlAsync(string containerId, StreamOptions streams, CancellationToken cancellationToken)
    {
        var request = new AttachRequest
        {
            ContainerId = containerId,
            Stdin = streams.Stdin,
            Stdout = streams.Stdout,
            Stderr = streams.Stderr && !streams.Tty,
            Tty = streams.Tty,
        };
        return new Uri((await Rt.AttachAsync(request, cancellationToken: cancellationToken)).Url);
    }

    public async Task<Uri> PortForwardUrlAsync(string sandboxId, IReadOnlyList<int> ports, CancellationToken cancellationToken)
    {
        var request = new PortForwardRequest { PodSandboxId = sandboxId };
        request.Port.AddRange(ports);
        return new Uri((await Rt.PortForwardAsync(request, cancellationToken: cancellationToken)).Url);
    }

    public async Task<Image?> ImageStatusAsync(string image, CancellationToken cancellationToken)
    {
        var response = await Img.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = image } }, cancellationToken: cancellationToken);
        // CRI answers a missing image with an empty response, not an error.
        return response.Image;
    }

    public async Task<IReadOnlyList<Image>> ListImagesAsync(CancellationToken cancellationToken) =>
        (await Img.ListImagesAsync(new ListImagesRequest(), cancellationToken: cancellationToken)).Images;

    public async Task<string> PullImageAsync(string image, AuthConfig? auth, CancellationToken cancellationToken)
    {
        var request = new PullImageRequest { Image = new ImageSpec { Image = image }, Auth = auth };
        return (await Img.PullImageAsync(request, cancellationToken: cancellationToken)).ImageRef;
    }

    public Task RemoveImageAsync(string image, CancellationToken cancellationToken) =>
        IgnoreNotFound(Img.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = image } }, cancellationToken: cancellationToken));

    private static async Task IgnoreNotFound<T>(AsyncUnaryCall<T> call)
    {
        try
        {
            await call;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
        }
    }

    private static async Task<T?> NullIfNotFound<T>(AsyncUnaryCall<T> call) where T : class
    {
        try
        {
            return await call;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
