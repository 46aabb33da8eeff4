namespace Wharf.Controllers.EndpointSlice;

/// <summary>The labels that tie EndpointSlices to their Service and to the controller that manages them.</summary>
public static class EndpointSliceLabels
{
    public const string ServiceName = "kubernetes.io/service-name";
    public const string ManagedBy = "endpointslice.kubernetes.io/managed-by";
    public const string SkipMirror = "endpointslice.kubernetes.io/skip-mirror";
    public const string Headless = "service.kubernetes.io/headless";

    /// <summary>managed-by value of the slices the EndpointSlice controller writes.</summary>
    public const string ControllerName = "endpointslice-controller.k8s.io";

    /// <summary>managed-by value of the slices the mirroring controller writes.</summary>
    public const string MirroringControllerName = "endpointslicemirroring-controller.k8s.io";
}
