using Wharf.ApiServer.Registry.Core;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry;

/// <summary>The strategy instances the catalog shares between kinds.</summary>
public static class Strategies
{
    public static readonly IResourceStrategy Plain = new ResourceStrategy();
    public static readonly IResourceStrategy Generation = new ResourceStrategy { TracksGeneration = true };
    public static readonly IResourceStrategy WithStatus = new ResourceStrategy { HasStatusSubresource = true };
    public static readonly IResourceStrategy Workload = new ResourceStrategy { HasStatusSubresource = true, TracksGeneration = true };
    public static readonly IResourceStrategy Deployment = new ResourceStrategy { HasStatusSubresource = true, TracksGeneration = true, AnnotationsBumpGeneration = true, WorkloadKind = "Deployment" };

    /// <summary>A workload kind with status, generation and upstream's defaults for its spec and pod template.</summary>
    public static IResourceStrategy WorkloadOf(string kind) => new ResourceStrategy { HasStatusSubresource = true, TracksGeneration = true, WorkloadKind = kind };
    public static readonly IResourceStrategy PathSegmentNames = new ResourceStrategy { NameFormat = NameFormat.PathSegment };
    public static readonly IResourceStrategy Namespace = new NamespaceStrategy();
    public static readonly IResourceStrategy Pod = new PodStrategy();
    public static readonly IResourceStrategy Service = new ServiceStrategy();
    public static readonly IResourceStrategy Secret = new SecretStrategy();
    public static readonly IResourceStrategy ConfigMap = new ConfigMapStrategy();
    public static readonly IResourceStrategy CustomResourceDefinition = new CustomResources.CrdStrategy();
    public static readonly IResourceStrategy Node = new ResourceStrategy { HasStatusSubresource = true, KeepsStatusOnCreate = true };
}
