namespace Wharf.Client.Rest;

/// <summary>The values of DeleteOptions.propagationPolicy.</summary>
public static class PropagationPolicies
{
    public const string Orphan = "Orphan";
    public const string Background = "Background";
    public const string Foreground = "Foreground";
}
