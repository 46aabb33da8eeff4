namespace Wharf.Network.Ingress.Routing;

/// <summary>
/// One path of an Ingress rule. Prefix compares element-wise on '/' (<c>/foo</c> matches <c>/foo</c> and
/// <c>/foo/bar</c>, not <c>/foobar</c>), ignoring a trailing slash of the rule path, as the Ingress API defines it.
/// </summary>
internal sealed class PathRule
{
    private readonly string _path;

    public PathRule(string path, PathKind kind, RouteMatch target)
    {
        Kind = kind;
        Target = target;
        if (path.Length == 0 || path[0] != '/') path = "/" + path;
        // Prefix "/foo/" means the same as "/foo"; Exact paths compare verbatim.
        _path = kind == PathKind.Prefix && path.Length > 1 ? path.TrimEnd('/') : path;
        if (_path.Length == 0) _path = "/";
    }

    public PathKind Kind { get; }

    public RouteMatch Target { get; }

    /// <summary>What precedence orders by: the longer path wins.</summary>
    public int Length => _path.Length;

    public bool Matches(string requestPath)
    {
        if (Kind == PathKind.Exact) return string.Equals(requestPath, _path, StringComparison.Ordinal);
        if (_path == "/") return true;
        if (!requestPath.StartsWith(_path, StringComparison.Ordinal)) return false;
        return requestPath.Length == _path.Length || requestPath[_path.Length] == '/';
    }

    /// <summary>Longest path first, Exact before Prefix at equal length; ties keep insertion (age) order.</summary>
    public static int Precedence(PathRule a, PathRule b)
    {
        var byLength = b.Length.CompareTo(a.Length);
        return byLength != 0 ? byLength : a.Kind.CompareTo(b.Kind);
    }

    public override string ToString() => $"{Kind} {_path} -> {Target.Backend}";
}
