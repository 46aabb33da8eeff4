namespace Wharf.Api.Patch.Managed;

/// <summary>Who writes: the field manager name, the apiVersion of the request, the write time and the subresource.</summary>
public sealed record FieldOwner(string Manager, string ApiVersion, DateTimeOffset Time, string? Subresource = null);
