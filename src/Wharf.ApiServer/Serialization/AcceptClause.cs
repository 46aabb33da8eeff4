namespace Wharf.ApiServer.Serialization;

/// <summary>
/// One media range of an Accept header as upstream's goautoneg parses it: type, subtype, parameters and quality,
/// all case-sensitive. <see cref="ParseAll"/> orders the clauses as upstream tries them: by quality, concrete types
/// before wildcards, otherwise in header order.
/// </summary>
public sealed class AcceptClause
{
    private readonly Dictionary<string, string> _parameters;

    private AcceptClause(string type, string subType, double quality, Dictionary<string, string> parameters)
    {
        Type = type;
        SubType = subType;
        Quality = quality;
        _parameters = parameters;
    }

    public string Type { get; }
    public string SubType { get; }
    public double Quality { get; }

    public string? Parameter(string name) => _parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Whether this range covers <paramref name="mediaType"/> (<c>type/subtype</c>, <c>type/*</c> or <c>*/*</c>).</summary>
    public bool Matches(string mediaType)
    {
        var slash = mediaType.IndexOf('/');
        var type = mediaType.AsSpan(0, slash);
        var subType = mediaType.AsSpan(slash + 1);
        return (Type == "*" && SubType == "*")
            || (type.SequenceEqual(Type) && (SubType == "*" || subType.SequenceEqual(SubType)));
    }

    public static List<AcceptClause> ParseAll(string header)
    {
        var clauses = new List<AcceptClause>();
        foreach (var rawPart in header.Split(','))
        {
            var part = rawPart.Trim(' ');
            var pieces = part.Split(';');
            var range = pieces[0].Split('/');
            // A bare "*" reads as "*/*"; other ranges need exactly one slash. Nothing is case-folded.
            if (range.Length > 2 || (range.Length == 1 && range[0].Trim(' ') != "*")) continue;
            var type = range[0].Trim(' ');
            var subType = range.Length == 2 ? range[1].Trim(' ') : "*";
            var quality = 1.0;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 1; i < pieces.Length; i++)
            {
                var pair = pieces[i].Split('=');
                if (pair.Length != 2) continue;
                var name = pair[0].Trim(' ');
                if (name == "q")
                    quality = double.TryParse(pair[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q) ? q : 0;
                else
                    parameters[name] = pair[1].Trim(' ');
            }
            clauses.Add(new AcceptClause(type, subType, quality, parameters));
        }
        // Go's sort of a short slice is an insertion sort with goautoneg's comparison, which is not a strict order
        // (a concrete range with a lower quality still goes before a wildcard): repeat it to pick the same clause.
        for (var i = 1; i < clauses.Count; i++)
            for (var j = i; j > 0 && GoesBefore(clauses[j], clauses[j - 1]); j--)
                (clauses[j], clauses[j - 1]) = (clauses[j - 1], clauses[j]);
        return clauses;
    }

    private static bool GoesBefore(AcceptClause a, AcceptClause b) =>
        a.Quality > b.Quality || (a.Type != "*" && b.Type == "*") || (a.SubType != "*" && b.SubType == "*");
}
