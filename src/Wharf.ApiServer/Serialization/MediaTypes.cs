namespace Wharf.ApiServer.Serialization;

public static class MediaTypes
{
    public const string Json = "application/json";
    public const string Yaml = "application/yaml";
    public const string Protobuf = "application/vnd.kubernetes.protobuf";
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    public static readonly string[] BodyTypes = [Json, Yaml, Protobuf];
    public static readonly string[] PatchTypes = [JsonPatch, MergePatch, StrategicMergePatch, ApplyPatch];

    /// <summary>The bare media type of a Content-Type header, lower-cased, without parameters.</summary>
    public static string Essence(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return "";
        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }
}
