namespace Wharf.Node.Agent.Admission;

/// <summary>
/// The agent's verdict on a pod bound to it (kubelet's PodAdmitResult): a refused pod goes straight to phase Failed
/// with <see cref="Reason"/> and "Pod was rejected: " + <see cref="Message"/>.
/// </summary>
public sealed record AdmissionResult(bool Admit, string Reason, string Message)
{
    public static readonly AdmissionResult Admitted = new(true, "", "");

    /// <summary>Upstream's reasons for the four resources it names; any other resource is "OutOf" + its name.</summary>
    public static AdmissionResult Insufficient(string resource, long requested, long used, long capacity) => new(false,
        "OutOf" + resource,
        $"Node didn't have enough resource: {resource}, requested: {requested}, used: {used}, capacity: {capacity}");

    /// <summary>A failed predicate: the reason is the predicate's (scheduler plugin's) name.</summary>
    public static AdmissionResult Predicate(string name, string description) => new(false, name, $"Predicate {name} failed: {description}");
}
