namespace Wharf.Api.Patch.Managed;

/// <summary>The fields one manager owns, at the apiVersion it used, and whether it owns them by apply.</summary>
internal sealed record VersionedSet(FieldSet Set, string ApiVersion, bool Applied);
