namespace Wharf.Api.Schema.Validation;

/// <summary>Field paths as upstream's strict decoder spells them: <c>spec.template.spec.containers[0].foo</c>.</summary>
internal static class FieldPath
{
    public static string Child(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
