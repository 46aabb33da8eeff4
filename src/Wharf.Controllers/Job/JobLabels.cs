namespace Wharf.Controllers.Job;

/// <summary>The labels, finalizer and annotations the Job controller puts on its pods (upstream's batch constants).</summary>
public static class JobLabels
{
    public const string JobName = "batch.kubernetes.io/job-name";
    public const string ControllerUid = "batch.kubernetes.io/controller-uid";
    public const string LegacyJobName = "job-name";
    public const string LegacyControllerUid = "controller-uid";
    public const string CompletionIndex = "batch.kubernetes.io/job-completion-index";

    /// <summary>Keeps a finished pod around until the controller has counted it in the Job's status.</summary>
    public const string TrackingFinalizer = "batch.kubernetes.io/job-tracking";
}
