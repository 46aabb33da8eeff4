using System.Text.Json.Nodes;

namespace Wharf.Api.Schema.OpenApi;

/// <summary>
/// Operation parameters, written inline: kubectl's query-param verifier reads <c>parameters[].name</c> of the PATCH
/// operation directly and would not see a parameter behind a <c>$ref</c>.
/// </summary>
internal static class Parameters
{
    public static JsonObject Path(string name, string description) => new()
    {
        ["name"] = name,
        ["in"] = "path",
        ["description"] = description,
        ["required"] = true,
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    public static JsonObject Query(string name, string type, string description) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["description"] = description,
        ["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true },
    };

    public static JsonObject Pretty() => Query("pretty", "string", "If 'true', the output is pretty printed.");

    public static JsonObject DryRun() =>
        Query("dryRun", "string", "When present, modifications are not persisted. Valid value: All.");

    public static JsonObject FieldManager() =>
        Query("fieldManager", "string", "Name of the actor making the change, recorded in managedFields.");

    public static JsonObject FieldValidation() => Query("fieldValidation", "string",
        "How the server treats unknown and duplicate fields in the request body: Ignore, Warn or Strict.");

    public static JsonObject Force() =>
        Query("force", "boolean", "Apply requests only: take ownership of conflicting fields.");

    /// <summary>Parameters of create, update and patch, in upstream's order.</summary>
    public static IEnumerable<JsonObject> Write(bool patch)
    {
        yield return DryRun();
        yield return FieldManager();
        yield return FieldValidation();
        if (patch) yield return Force();
    }

    public static IEnumerable<JsonObject> List(bool withWatch)
    {
        yield return Query("allowWatchBookmarks", "boolean", "Ask for BOOKMARK events on a watch.");
        yield return Query("continue", "string", "Continue token of a paged list.");
        yield return Query("fieldSelector", "string", "Restrict the list by fields.");
        yield return Query("labelSelector", "string", "Restrict the list by labels.");
        yield return Query("limit", "integer", "Largest number of items to return.");
        yield return Query("resourceVersion", "string", "Resource version the list or watch starts from.");
        yield return Query("resourceVersionMatch", "string", "How resourceVersion applies: Exact or NotOlderThan.");
        yield return Query("sendInitialEvents", "boolean", "Start a watch with the current state.");
        yield return Query("timeoutSeconds", "integer", "Time limit of the list or watch call.");
        if (withWatch) yield return Query("watch", "boolean", "Watch for changes instead of listing.");
    }

    public static IEnumerable<JsonObject> Delete()
    {
        yield return DryRun();
        yield return Query("gracePeriodSeconds", "integer", "Seconds before the object is deleted.");
        yield return Query("orphanDependents", "boolean", "Deprecated: use propagationPolicy.");
        yield return Query("propagationPolicy", "string", "Garbage collection of dependents: Orphan, Background or Foreground.");
    }
}
