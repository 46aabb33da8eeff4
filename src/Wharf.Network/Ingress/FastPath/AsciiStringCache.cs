using System.Text;

namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// The string of the last bytes it was asked for: a keep-alive client sends the same host and path again and again,
/// and routing needs strings, so a repeat allocates nothing.
/// </summary>
internal sealed class AsciiStringCache
{
    private byte[] _bytes = [];
    private string _value = "";

    public string Get(ReadOnlySpan<byte> ascii)
    {
        if (ascii.SequenceEqual(_bytes)) return _value;
        _bytes = ascii.ToArray();
        return _value = Encoding.ASCII.GetString(ascii);
    }
}
