using Wharf.Client;

namespace Wharf.Network.Ingress;

/// <summary>The networking.k8s.io kinds the controller reads (Wharf.Client's <see cref="Resource"/> lists only core kinds).</summary>
internal static class IngressResources
{
    public static readonly Resource Ingresses = new("networking.k8s.io", "v1", "ingresses", "Ingress", true);
    public static readonly Resource IngressClasses = new("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false);

    /// <summary>Marks the class that Ingresses without a class name get.</summary>
    public const string DefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class";

    /// <summary>The class selector from before <c>spec.ingressClassName</c> existed.</summary>
    public const string LegacyClassAnnotation = "kubernetes.io/ingress.class";
}
