namespace Wharf.ApiServer.Errors;

/// <summary>One entry of a Status' <c>details.causes</c>: e.g. FieldValueInvalid on metadata.name.</summary>
public sealed record StatusCause(string Reason, string Message, string? Field = null);
