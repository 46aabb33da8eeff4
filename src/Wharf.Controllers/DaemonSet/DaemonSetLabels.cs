namespace Wharf.Controllers.DaemonSet;

/// <summary>The labels and annotations the DaemonSet controller reads and writes (upstream's apps/v1 and extensions keys).</summary>
public static class DaemonSetLabels
{
    /// <summary>On pods and ControllerRevisions: the hash of the template revision they belong to.</summary>
    public const string ControllerRevisionHash = "controller-revision-hash";

    /// <summary>On pods: the template generation they were created from (kept for old clients).</summary>
    public const string PodTemplateGeneration = "pod-template-generation";

    /// <summary>Where apps/v1 keeps a DaemonSet's template generation when the API server maintains it.</summary>
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    /// <summary>The node field a daemon pod's node affinity selects on.</summary>
    public const string NodeNameField = "metadata.name";
}
