namespace Wharf.ApiServer.Errors;

/// <summary>
/// The one place that words API errors the way upstream's apimachinery <c>errors</c> package does,
/// so kubectl prints the same text against Wharf as against Kubernetes.
/// </summary>
public static class StatusErrors
{
    /// <summary><paramref name="qualifiedResource"/> is <c>pods</c> or <c>deployments.apps</c>.</summary>
    public static StatusException NotFound(string qualifiedResource, string group, string resource, string name) =>
        new(404, "NotFound", $"{qualifiedResource} \"{name}\" not found", new StatusDetails(name, group, resource));

    public static StatusException AlreadyExists(string qualifiedResource, string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{qualifiedResource} \"{name}\" already exists", new StatusDetails(name, group, resource));

    public static StatusException Conflict(string qualifiedResource, string group, string resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {qualifiedResource} \"{name}\": {why}", new StatusDetails(name, group, resource));

    public const string ModifiedMessage = "the object has been modified; please apply your changes to the latest version and try again";

    public static StatusException Invalid(string kind, string group, string name, IReadOnlyList<FieldError> errors)
    {
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        // The message lists each distinct error once (ErrorList.ToAggregate); the causes keep every one.
        var distinct = errors.Select(e => e.ToString()).Distinct().ToList();
        var list = distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
        var causes = errors.Select(e => new StatusCause(e.Type, e.Message, e.Field)).ToList();
        return new StatusException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {list}", new StatusDetails(name, group, kind, causes));
    }

    public static StatusException BadRequest(string message) => new(400, "BadRequest", message);

    public static StatusException MethodNotSupported(string qualifiedResource, string verb) =>
        new(405, "MethodNotAllowed", $"{verb} is not supported on resources of kind \"{qualifiedResource}\"", new StatusDetails(null, null, qualifiedResource));

    public static StatusException NotAcceptable(string message) => new(406, "NotAcceptable", message);

    public static StatusException UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    public static StatusException RequestEntityTooLarge(string message) => new(413, "RequestEntityTooLarge", message);

    public static StatusException Gone(string message) => new(410, "Expired", message);

    public static StatusException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static StatusException Forbidden(string message) => new(403, "Forbidden", message);

    public static StatusException Internal(string message) =>
        new(500, "InternalError", $"Internal error occurred: {message}", new StatusDetails(null, null, null, [new StatusCause("InternalError", message)]));

    public static StatusException ServiceUnavailable(string message) => new(503, "ServiceUnavailable", message);

    public static StatusException ResourceNotFound(string path) =>
        new(404, "NotFound", "the server could not find the requested resource", new StatusDetails(null, null, null, [new StatusCause("UnexpectedServerResponse", "404 page not found")]));
}
