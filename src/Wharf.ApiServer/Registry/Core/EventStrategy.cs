using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Events in both shapes (core/v1 and events.k8s.io/v1, which rename involvedObject/message to regarding/note):
/// the involved object's namespace agrees with the event's, and series-style events (with eventTime) name their
/// reporter, action and reason within upstream's length limits. Errors use the internal field names, as upstream's do.
/// </summary>
internal sealed class EventStrategy : ResourceStrategy
{
    private const int ReportingInstanceLimit = 128;
    private const int ActionLimit = 128;
    private const int ReasonLimit = 128;
    private const int NoteLimit = 1024;

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var newApi = obj.Str("apiVersion") == "events.k8s.io/v1";
        var involved = obj[newApi ? "regarding" : "involvedObject"];
        var message = obj.Str(newApi ? "note" : "message") ?? "";
        var reportingField = newApi ? "reportingController" : "reportingComponent";
        var reportingController = obj.Str(newApi ? "reportingController" : "reportingComponent") ?? "";
        var ns = obj["metadata"].Str("namespace") ?? "";
        var involvedNs = involved.Str("namespace") ?? "";
        var hasEventTime = obj["eventTime"] is not null;
        if (!hasEventTime)
        {
            if (involvedNs.Length == 0 ? ns is not ("" or "default") : ns != involvedNs)
                yield return FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
        }
        else
        {
            if (involvedNs.Length == 0 && ns is not ("default" or "kube-system"))
                yield return FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
            if (reportingController.Length == 0)
                yield return FieldError.Required(reportingField);
            foreach (var msg in NameRules.IsQualifiedName(reportingController))
                yield return FieldError.Invalid(reportingField, reportingController, msg);
            foreach (var e in Limited(obj, "reportingInstance", "reportingInstance", ReportingInstanceLimit, required: true)) yield return e;
            foreach (var e in Limited(obj, "action", "action", ActionLimit, required: true)) yield return e;
            foreach (var e in Limited(obj, "reason", "reason", ReasonLimit, required: true)) yield return e;
            if (message.Length > NoteLimit)
                yield return FieldError.Invalid("message", "", $"can have at most {NoteLimit} characters");
        }
        if (newApi)
        {
            if (!hasEventTime) yield return FieldError.Required("eventTime");
            var type = obj.Str("type") ?? "";
            if (type is not ("Normal" or "Warning"))
                yield return FieldError.Invalid("type", "", $"has invalid value: {type}");
        }
        if (ns.Length > 0)
            foreach (var msg in NameRules.IsDns1123Subdomain(ns))
                yield return FieldError.Invalid("namespace", ns, msg);
    }

    private static IEnumerable<FieldError> Limited(JsonObject obj, string key, string path, int limit, bool required)
    {
        var value = obj.Str(key) ?? "";
        if (required && value.Length == 0) yield return FieldError.Required(path);
        if (value.Length > limit) yield return FieldError.Invalid(path, "", $"can have at most {limit} characters");
    }
}
