using System.Text.RegularExpressions;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// Reads kubectl's column output (tabwriter: left aligned, columns separated by at least three spaces) by the
/// header's column positions, and masks ages so tables can be compared as exact text.
/// </summary>
public sealed partial class KubectlTable
{
    private KubectlTable(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Headers = headers;
        Rows = rows;
    }

    public IReadOnlyList<string> Headers { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    public IReadOnlyDictionary<string, string> Row(string name) =>
        Rows.SingleOrDefault(r => r["NAME"] == name) ?? throw new Xunit.Sdk.XunitException($"no row {name} in table");

    public static KubectlTable Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
            throw new Xunit.Sdk.XunitException("no table output");
        var header = lines[0];
        var starts = ColumnSeparator().Matches(header).Select(m => m.Index + m.Length).Prepend(0).ToArray();
        var headers = Cut(header, starts);
        var rows = lines.Skip(1)
            .Select(line => (IReadOnlyDictionary<string, string>)headers.Zip(Cut(line, starts)).ToDictionary(p => p.First, p => p.Second))
            .ToList();
        return new KubectlTable(headers, rows);
    }

    /// <summary>Replaces a trailing age cell (<c>0s</c>, <c>5m3s</c>, <c>3d4h</c>) on every line with <c>&lt;age&gt;</c>.</summary>
    public static string MaskTrailingAge(string text) =>
        string.Join('\n', text.Split('\n').Select(line => TrailingAge().Replace(line, "<age>")));

    public static bool IsAge(string cell) => Age().IsMatch(cell);

    private static List<string> Cut(string line, int[] starts)
    {
        var cells = new List<string>(starts.Length);
        for (var i = 0; i < starts.Length; i++)
        {
            var from = Math.Min(starts[i], line.Length);
            var to = i + 1 < starts.Length ? Math.Min(starts[i + 1], line.Length) : line.Length;
            cells.Add(line[from..to].Trim());
        }
        return cells;
    }

    [GeneratedRegex(@" {3,}")]
    private static partial Regex ColumnSeparator();

    [GeneratedRegex(@"(?<=   )(\d+[smhdy])+$")]
    private static partial Regex TrailingAge();

    [GeneratedRegex(@"^(\d+[smhdy])+$")]
    private static partial Regex Age();
}
