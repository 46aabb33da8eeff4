namespace Wharf.Bench.Scheduler;

/// <summary>One createPods step: <paramref name="Count"/> pods of one shape in one namespace.</summary>
internal sealed record PodBatch(string Namespace, PodShape Shape, int Count);
