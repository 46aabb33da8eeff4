using System.Text;

namespace Wharf.Api.Schema.Descriptions;

/// <summary>
/// The summaries of <c>k8s.Models</c> types and properties, extracted at build time from the KubernetesClient
/// package's XML documentation (see the csproj) and embedded as <c>member\tsummary</c> lines.
/// </summary>
internal sealed class ModelDocs
{
    private const string ResourceName = "Wharf.Api.Schema.k8s-model-docs.tsv";
    private readonly Dictionary<string, string> _summaries;

    private ModelDocs(Dictionary<string, string> summaries) => _summaries = summaries;

    public static ModelDocs LoadEmbedded()
    {
        using var stream = typeof(ModelDocs).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        return Parse(new StreamReader(stream, Encoding.UTF8));
    }

    public static ModelDocs Parse(TextReader reader)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t');
            if (tab > 0) summaries[line[..tab]] = Unescape(line[(tab + 1)..]);
        }
        return new ModelDocs(summaries);
    }

    public int Count => _summaries.Count;

    /// <summary>Summary of a type (<c>V1DeploymentSpec</c>).</summary>
    public string? ForType(string clrTypeName) => _summaries.GetValueOrDefault("T:k8s.Models." + clrTypeName);

    /// <summary>Summary of a property (<c>V1DeploymentSpec</c>, <c>Replicas</c>).</summary>
    public string? ForProperty(string clrTypeName, string clrPropertyName) =>
        _summaries.GetValueOrDefault("P:k8s.Models." + clrTypeName + "." + clrPropertyName);

    private static string Unescape(string text)
    {
        if (!text.Contains('\\')) return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                builder.Append(text[++i] == 'n' ? '\n' : text[i]);
                continue;
            }
            builder.Append(text[i]);
        }
        return builder.ToString();
    }
}
