using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Wharf.ApiServer.Serialization;

/// <summary>
/// YAML documents (one object) to JSON with YAML 1.2-ish scalar typing: unquoted true/false, null, ints and floats
/// become JSON values; everything else (and anything quoted) stays a string.
/// </summary>
public static class YamlToJson
{
    public static JsonObject Convert(byte[] body)
    {
        BodyDecoder.RequireUtf8(body, "YAML");
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(Encoding.UTF8.GetString(body)));
            if (stream.Documents.Count == 0) throw StatusErrors.BadRequest("Object 'Kind' is missing in request body");
            return ToNode(stream.Documents[0].RootNode) as JsonObject ?? throw StatusErrors.BadRequest("request body must be a YAML mapping");
        }
        catch (YamlException e)
        {
            throw StatusErrors.BadRequest($"error decoding YAML: {e.Message}");
        }
    }

    public static JsonNode? ToNode(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToNode(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToNode).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && text.Any(char.IsDigit) && !text.Contains('_'))
            return JsonValue.Create(real);
        return JsonValue.Create(text);
    }
}
