using k8s.Models;

namespace Wharf.Scheduler.Plugins.DefaultPreemption;

/// <summary>A node where evicting <see cref="Victims"/> lets the preemptor fit.</summary>
public sealed record Candidate(string NodeName, IReadOnlyList<V1Pod> Victims, int NumPdbViolations);
