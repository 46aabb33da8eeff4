using System.Text;

namespace Wharf.Client.Rest;

/// <summary>Builds a URL query string, skipping empty values.</summary>
internal sealed class QueryBuilder
{
    private readonly StringBuilder _query = new();

    public void Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        _query.Append(_query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    public override string ToString() => _query.ToString();
}
