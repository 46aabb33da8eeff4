using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Client.Rest;

/// <summary>
/// A failed API call: the server's Status (code, reason, message) or one synthesised from the HTTP answer
/// when the body was not a Status.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, JsonObject? status = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Status = status ?? new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
    }

    /// <summary>HTTP status code carried by the Status (404, 409, 410…).</summary>
    public int Code { get; }

    /// <summary>The Status reason (NotFound, AlreadyExists, Conflict, Expired…); see <see cref="StatusReasons"/>.</summary>
    public string Reason { get; }

    /// <summary>The whole Status object, including details and causes.</summary>
    public JsonObject Status { get; }

    public bool IsNotFound => Code == 404 || Reason == StatusReasons.NotFound;
    public bool IsAlreadyExists => Reason == StatusReasons.AlreadyExists;
    public bool IsConflict => Code == 409 && Reason != StatusReasons.AlreadyExists;
    public bool IsGone => Code == 410 || Reason is StatusReasons.Expired or StatusReasons.Gone;
    public bool IsMethodNotSupported => Code == 405 || Reason == StatusReasons.MethodNotAllowed;
    public bool IsForbidden => Code == 403;

    /// <summary>Whether the Status details carry a cause of the given type (e.g. NamespaceTerminating).</summary>
    public bool HasCause(string type) =>
        Status["details"]?["causes"] is JsonArray causes && causes.Any(c => c?["reason"]?.GetValue<string>() == type);

    public static ApiException FromStatus(JsonObject status, int fallbackCode = 500)
    {
        var code = status["code"] is JsonValue c && c.TryGetValue<int>(out var parsed) ? parsed : fallbackCode;
        var reason = status["reason"]?.GetValue<string>() is { Length: > 0 } r ? r : ReasonFor(code);
        var message = status["message"]?.GetValue<string>() is { Length: > 0 } m ? m : $"the server responded with {code} {reason}";
        return new ApiException(code, reason, message, status);
    }

    internal static string ReasonFor(int code) => code switch
    {
        400 => StatusReasons.BadRequest,
        401 => StatusReasons.Unauthorized,
        403 => StatusReasons.Forbidden,
        404 => StatusReasons.NotFound,
        405 => StatusReasons.MethodNotAllowed,
        409 => StatusReasons.Conflict,
        410 => StatusReasons.Expired,
        422 => StatusReasons.Invalid,
        429 => StatusReasons.TooManyRequests,
        503 => StatusReasons.ServiceUnavailable,
        504 => StatusReasons.Timeout,
        _ => ((HttpStatusCode)code).ToString(),
    };
}
