using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.Api.Schema;
using Wharf.Api.Schema.Validation;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Serialization;

namespace Wharf.ApiServer.Validation;

/// <summary>
/// The <c>fieldValidation</c> query parameter: unknown and duplicate fields in JSON bodies are an error (Strict, 400
/// "strict decoding error: …"), a <c>Warning</c> header each (Warn, the default), or dropped silently (Ignore).
/// </summary>
public static class FieldValidation
{
    /// <summary>
    /// Checks a JSON body as sent (its repeated keys included) and says whether it repeats a key: the caller then
    /// decodes it last-wins, as upstream's decoder does. With Ignore the body is still scanned, for that answer only.
    /// </summary>
    public static bool Check(HttpContext context, ResourceKind kind, ReadOnlyMemory<byte> json)
    {
        var mode = Mode(context);
        IReadOnlyList<string> problems;
        if (kind.CustomResourceSchema is { } schema)
            problems = CheckCustomResource(json, schema);
        else if (DefinitionOf(kind) is { } definition)
            problems = FieldValidator.Default.Validate(json, definition);
        else
            return false;
        if (mode != "Ignore") Report(context, mode, problems);
        return problems.Any(FieldValidator.IsDuplicate);
    }

    /// <summary>Checks an object already decoded (a patched object, a YAML body) as its JSON text would be checked.</summary>
    public static void Check(HttpContext context, ResourceKind kind, JsonObject obj)
    {
        var mode = Mode(context);
        if (mode == "Ignore") return;
        if (kind.CustomResourceSchema is { } schema)
            Report(context, mode, CheckCustomResource(JsonSerializer.SerializeToUtf8Bytes(obj), schema));
        else if (DefinitionOf(kind) is { } definition)
            Report(context, mode, FieldValidator.Default.Validate(obj, definition));
    }

    /// <summary>
    /// Whether a patch is known, before it is applied, to leave nothing for <see cref="Check(HttpContext, ResourceKind, JsonObject)"/>
    /// to report in the patched object: with Ignore, or when a merge or strategic merge patch of a built-in kind has
    /// no unknown or repeated field of its own. Such a patch only sets known fields on the stored object, and the
    /// stored fields are upstream's known fields (upstream drops unknown ones when it decodes a write, so they are never
    /// reported again by a later patch). Checking the patched object walks every node of it, which builds the whole
    /// lazily parsed stored object (every kubelet status patch of a pod); the patch is a few hundred bytes. Patches
    /// with findings, directives such as <c>$setElementOrder</c>, JSON patches and apply bodies are checked on the
    /// patched object as before, so their messages keep its paths and order.
    /// </summary>
    public static bool PatchLeavesNothingToReport(HttpContext context, ResourceKind kind, string patchType, ReadOnlyMemory<byte> patch)
    {
        if (Mode(context) == "Ignore") return true;
        if (patchType is not (MediaTypes.MergePatch or MediaTypes.StrategicMergePatch) || kind.CustomResourceSchema is not null) return false;
        if (DefinitionOf(kind) is not { } definition || !BodyDecoder.IsJsonObject(patch.Span)) return false;
        try
        {
            return FieldValidator.Default.Validate(patch, definition).Count == 0;
        }
        catch (JsonException)
        {
            return false; // The engine reports a malformed patch.
        }
    }

    private static string? DefinitionOf(ResourceKind kind) =>
        ApiSchema.Default.TryGetDefinitionName(new GroupVersionKind(kind.Group, kind.Version, kind.Kind), out var definition) ? definition : null;

    private static IReadOnlyList<string> CheckCustomResource(ReadOnlyMemory<byte> json, JsonElement schema)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw StatusErrors.BadRequest($"error decoding request body: {e.Message}");
        }
        using (document)
            return FieldValidator.Default.ValidateCustomResource(document.RootElement, schema);
    }

    private static void Report(HttpContext context, string mode, IReadOnlyList<string> problems)
    {
        if (problems.Count == 0) return;
        if (mode == "Strict")
            throw StatusErrors.BadRequest(FieldValidator.StrictDecodingMessage(problems));
        foreach (var problem in problems)
        {
            // A patch retried after a conflict is validated again; each warning still goes out once.
            var warning = $"299 - \"{HeaderSafe(problem)}\"";
            if (!context.Response.Headers["Warning"].Contains(warning))
                context.Response.Headers.Append("Warning", warning);
        }
    }

    /// <summary>Quotes a warning text for the header: escapes quotes and backslashes, and non-ASCII as \uXXXX.</summary>
    private static string HeaderSafe(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '"' or '\\') builder.Append('\\').Append(c);
            else if (c < 0x20 || c > 0x7e) builder.Append($"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.ToString();
    }

    private static string Mode(HttpContext context)
    {
        var value = context.Request.Query["fieldValidation"].ToString();
        return value switch
        {
            "" or "Warn" => "Warn",
            "Strict" or "Ignore" => value,
            _ => throw StatusErrors.BadRequest($"fieldValidation: Unsupported value: \"{value}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
        };
    }
}
