namespace Wharf.Controllers.Namespace;

/// <summary>Some content of a terminating namespace could not be deleted or discovered this pass (an aggregate, as upstream's).</summary>
public sealed class NamespaceContentException(IReadOnlyList<string> errors)
    : Exception(errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
