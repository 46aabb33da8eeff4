namespace Wharf.Api.Patch.Tests.Support;

/// <summary>
/// Tests that assert what the process-wide caches of parsed elements and decoded sets hold (a shared instance, a
/// bound): run alone, as other tests fill and clear the same caches.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedCachesCollection
{
    public const string Name = "shared managedFields caches";
}
