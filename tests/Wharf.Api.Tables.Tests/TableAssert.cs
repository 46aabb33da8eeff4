using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Tables.Tests;

/// <summary>Renders rows as compact JSON so tests compare exact cell values and types.</summary>
internal static class TableAssert
{
    /// <summary>Fixed reference time of every test: 2024-06-01T12:00:00Z.</summary>
    public static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Timestamp <paramref name="ago"/> before <see cref="Now"/>, RFC 3339.</summary>
    public static string Ago(TimeSpan ago) => (Now - ago).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    public static string Row(string group, string resource, string json)
    {
        var convertor = TableConvertors.For(group, resource) ?? throw new InvalidOperationException("no printer for " + resource);
        return Row(convertor, json);
    }

    public static string Row(string group, string resource, JsonObject obj) =>
        Row(TableConvertors.For(group, resource) ?? throw new InvalidOperationException("no printer for " + resource), obj);

    public static string Row(ITableConvertor convertor, string json) => Row(convertor, JsonNode.Parse(json)!.AsObject());

    public static string Row(ITableConvertor convertor, JsonObject obj)
    {
        var cells = convertor.Cells(obj, Now);
        Assert.Equal(convertor.Columns.Count, cells.Count);
        return new JsonArray(cells.Select(c => c?.DeepClone()).ToArray()).ToJsonString(Relaxed);
    }

    /// <summary>Parses JSON written with single quotes (<c>{'a':'b'}</c>) to keep test data readable.</summary>
    public static JsonObject J(string singleQuoted) => JsonNode.Parse(singleQuoted.Replace('\'', '"'))!.AsObject();

    /// <summary>Columns as <c>Name:type[:format][*]</c> (<c>*</c> = priority 1).</summary>
    public static string Columns(ITableConvertor convertor) =>
        string.Join(" | ", convertor.Columns.Select(c =>
            c.Name + ":" + c.Type + (c.Format.Length > 0 ? ":" + c.Format : "") + (c.Priority > 0 ? "*" : "")));
}
