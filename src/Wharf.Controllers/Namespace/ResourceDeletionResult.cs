namespace Wharf.Controllers.Namespace;

/// <summary>What deleting one resource's content in a namespace left behind.</summary>
internal sealed record ResourceDeletionResult(long EstimateSeconds, int Remaining, IReadOnlyDictionary<string, int> FinalizersRemaining)
{
    public static readonly ResourceDeletionResult Done = new(0, 0, new Dictionary<string, int>());
}
