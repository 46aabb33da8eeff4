using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Validation;

/// <summary>
/// File paths inside volumes (subPath, item paths, host paths): relative where the kubelet joins them to a base, and
/// never stepping out of it with '..'.
/// </summary>
public static class PathRules
{
    /// <summary>validatePathNoBacksteps: no '..' element once split on '/' (one error however many there are).</summary>
    public static void NoBacksteps(string path, string field, List<FieldError> errors)
    {
        if (!path.Contains("..", StringComparison.Ordinal)) return;
        foreach (var range in path.AsSpan().SplitAny('/', '\\'))
        {
            if (!path.AsSpan(range).SequenceEqual("..")) continue;
            errors.Add(FieldError.Invalid(field, path, "must not contain '..'"));
            return;
        }
    }

    /// <summary>validateLocalDescendingPath: relative and without backsteps.</summary>
    public static void LocalDescending(string path, string field, List<FieldError> errors)
    {
        if (path.StartsWith('/'))
            errors.Add(FieldError.Invalid(field, path, "must be a relative path"));
        NoBacksteps(path, field, errors);
    }

    /// <summary>ValidateLocalNonReservedPath: as <see cref="LocalDescending"/>, and not starting with '..' (the kubelet's own files).</summary>
    public static void LocalNonReserved(string path, string field, List<FieldError> errors)
    {
        LocalDescending(path, field, errors);
        if (path.StartsWith("..", StringComparison.Ordinal) && !path.StartsWith("../", StringComparison.Ordinal))
            errors.Add(FieldError.Invalid(field, path, "must not start with '..'"));
    }
}
