namespace Wharf.Controllers.GarbageCollector;

/// <summary>A cluster-scoped object names a namespaced owner: invalid, and retrying cannot fix it.</summary>
internal sealed class NamespacedOwnerException() : Exception("cluster-scoped object refers to a namespaced owner");
