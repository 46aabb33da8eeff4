namespace Wharf.ApiServer.Registry.Validation;

/// <summary>Which rule a kind's <c>metadata.name</c> follows.</summary>
public enum NameFormat
{
    Dns1123Subdomain,
    Dns1123Label,
    Dns1035Label,
    PathSegment,
}
