using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Wharf.Scheduler.Config;

/// <summary>
/// Converts a YAML (or JSON, which is YAML) document to JSON, typing plain scalars as YAML 1.2 core does
/// (null, booleans, numbers), so System.Text.Json can bind it.
/// </summary>
internal static class YamlToJson
{
    public static string Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0) return "{}";
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) Write(w, stream.Documents[0].RootNode);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter w, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                w.WriteStartObject();
                foreach (var (k, v) in map.Children)
                {
                    w.WritePropertyName(((YamlScalarNode)k).Value ?? "");
                    Write(w, v);
                }
                w.WriteEndObject();
                break;
            case YamlSequenceNode seq:
                w.WriteStartArray();
                foreach (var item in seq.Children) Write(w, item);
                w.WriteEndArray();
                break;
            case YamlScalarNode s:
                WriteScalar(w, s);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter w, YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style is not YamlDotNet.Core.ScalarStyle.Plain) { w.WriteStringValue(v); return; }
        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL": w.WriteNullValue(); return;
            case "true" or "True" or "TRUE": w.WriteBooleanValue(true); return;
            case "false" or "False" or "FALSE": w.WriteBooleanValue(false); return;
        }
        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) { w.WriteNumberValue(l); return; }
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && v.Any(char.IsDigit)) { w.WriteNumberValue(d); return; }
        w.WriteStringValue(v);
    }
}
