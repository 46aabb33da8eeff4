using System.Security.Cryptography;
using System.Text;

namespace Wharf.NodeJoin;

/// <summary>
/// The join token agents present, in k3s' full form <c>K10&lt;sha256 of the CA PEM&gt;::server:&lt;secret&gt;</c>: the hash
/// lets a joining agent check the CA it downloads from <c>/cacerts</c> before trusting it; the secret authenticates it.
/// A bare secret is accepted too.
/// </summary>
public sealed record JoinToken(string? CaHash, string Secret)
{
    public static JoinToken Parse(string token)
    {
        if (token.StartsWith("K10", StringComparison.Ordinal) && token.IndexOf("::", StringComparison.Ordinal) is var separator and > 3)
        {
            var secret = token[(separator + 2)..];
            var colon = secret.IndexOf(':');
            return new JoinToken(token[3..separator], colon >= 0 ? secret[(colon + 1)..] : secret);
        }
        return new JoinToken(null, token);
    }

    public static string CaHashOf(string caPem) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(caPem))).ToLowerInvariant();

    public static string Full(string caPem, string secret) => $"K10{CaHashOf(caPem)}::server:{secret}";

    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Parse(presented).Secret), Encoding.UTF8.GetBytes(Secret));
}
