using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Errors;

/// <summary>
/// A failure that reaches the client as a Kubernetes <c>Status</c> object. Build instances through
/// <see cref="StatusErrors"/> so code, reason and message form match upstream.
/// </summary>
public sealed class StatusException : Exception
{
    public StatusException(int code, string reason, string message, StatusDetails? details = null, int? retryAfterSeconds = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int Code { get; }
    public string Reason { get; }
    public StatusDetails? Details { get; }
    public int? RetryAfterSeconds { get; }

    /// <summary>Optional continue token carried by 410 answers to expired list continuations.</summary>
    public string? Continue { get; init; }

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = Continue is null ? new JsonObject() : new JsonObject { ["continue"] = Continue },
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        var details = Details?.ToJson(RetryAfterSeconds);
        if (details is null && RetryAfterSeconds is { } retry)
        {
            details = new JsonObject { ["retryAfterSeconds"] = retry };
        }
        if (details is not null)
        {
            status["details"] = details;
        }
        status["code"] = Code;
        return status;
    }
}

public sealed record StatusDetails(string? Name, string? Group, string? Kind, IReadOnlyList<StatusCause>? Causes = null, string? Uid = null)
{
    public JsonObject ToJson(int? retryAfterSeconds)
    {
        var json = new JsonObject();
        if (!string.IsNullOrEmpty(Name)) json["name"] = Name;
        if (!string.IsNullOrEmpty(Group)) json["group"] = Group;
        if (!string.IsNullOrEmpty(Kind)) json["kind"] = Kind;
        if (!string.IsNullOrEmpty(Uid)) json["uid"] = Uid;
        if (Causes is { Count: > 0 })
        {
            var causes = new JsonArray();
            foreach (var cause in Causes)
            {
                var c = new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Message };
                if (cause.Field is not null) c["field"] = cause.Field;
                causes.Add(c);
            }
            json["causes"] = causes;
        }
        if (retryAfterSeconds is { } retry) json["retryAfterSeconds"] = retry;
        return json;
    }
}
