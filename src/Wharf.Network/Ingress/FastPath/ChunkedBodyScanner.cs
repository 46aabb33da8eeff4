namespace Wharf.Network.Ingress.FastPath;

/// <summary>
/// Follows the framing of a chunked body (RFC 9112 §7.1) as its bytes pass through unchanged, to find where the
/// message ends: after the last chunk and the trailer section. Fed piece by piece, in order.
/// </summary>
internal sealed class ChunkedBodyScanner
{
    private State _state = State.Size;
    private long _size;
    private int _digits;
    private bool _lineEmpty;

    public bool IsDone => _state == State.Done;

    public void Reset()
    {
        _state = State.Size;
        _size = 0;
        _digits = 0;
    }

    /// <returns>
    /// How many bytes of <paramref name="data"/> belong to the body: all of them until the end is found, then up to
    /// and including its last byte; -1 for a malformed body.
    /// </returns>
    public int Scan(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && _state != State.Done)
        {
            var b = data[i];
            switch (_state)
            {
                case State.Size:
                    var digit = HexValue(b);
                    if (digit >= 0)
                    {
                        if (++_digits > 15) return -1;
                        _size = (_size << 4) | (uint)digit;
                    }
                    else if (_digits == 0) return -1;
                    else if (b == '\r') _state = State.SizeLf;
                    else if (b is (byte)';' or (byte)' ' or (byte)'\t') _state = State.Extension;
                    else return -1;
                    i++;
                    break;
                case State.Extension:
                    if (b == '\r') _state = State.SizeLf;
                    else if (b == '\n') return -1;
                    i++;
                    break;
                case State.SizeLf:
                    if (b != '\n') return -1;
                    _state = _size == 0 ? State.TrailerLineStart : State.Data;
                    i++;
                    break;
                case State.Data:
                    var take = (int)Math.Min(_size, data.Length - i);
                    _size -= take;
                    i += take;
                    if (_size == 0) _state = State.DataCr;
                    break;
                case State.DataCr:
                    if (b != '\r') return -1;
                    _state = State.DataLf;
                    i++;
                    break;
                case State.DataLf:
                    if (b != '\n') return -1;
                    _state = State.Size;
                    _digits = 0;
                    i++;
                    break;
                case State.TrailerLineStart:
                    _lineEmpty = b == '\r';
                    _state = _lineEmpty ? State.TrailerLf : State.TrailerLine;
                    i++;
                    break;
                case State.TrailerLine:
                    if (b == '\r') _state = State.TrailerLf;
                    else if (b == '\n') return -1;
                    i++;
                    break;
                case State.TrailerLf:
                    if (b != '\n') return -1;
                    _state = _lineEmpty ? State.Done : State.TrailerLineStart;
                    i++;
                    break;
            }
        }
        return i;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private enum State
    {
        Size,
        Extension,
        SizeLf,
        Data,
        DataCr,
        DataLf,
        TrailerLineStart,
        TrailerLine,
        TrailerLf,
        Done,
    }
}
