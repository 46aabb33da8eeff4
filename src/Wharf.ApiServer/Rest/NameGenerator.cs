namespace Wharf.ApiServer.Rest;

/// <summary>Expands <c>generateName</c> with five random characters from upstream's alphabet (no vowels, no look-alikes).</summary>
public static class NameGenerator
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int MaxPrefixLength = 253 - 5;

    public static string Generate(string prefix)
    {
        if (prefix.Length > MaxPrefixLength) prefix = prefix[..MaxPrefixLength];
        return string.Create(prefix.Length + 5, prefix, static (span, p) =>
        {
            p.AsSpan().CopyTo(span);
            for (var i = p.Length; i < span.Length; i++)
                span[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        });
    }
}
