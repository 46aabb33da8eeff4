namespace Wharf.Client.Tests.Support;

/// <summary>The metadata fields the typed-model tests read.</summary>
internal sealed class ModelMetadata
{
    public string? Name { get; set; }

    public string? Namespace { get; set; }

    public string? ResourceVersion { get; set; }
}
