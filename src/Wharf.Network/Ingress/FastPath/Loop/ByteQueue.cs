using System.Buffers;

namespace Wharf.Network.Ingress.FastPath.Loop;

/// <summary>
/// Bytes received and not yet consumed, or written and not yet sent: appended at the end, consumed from the front,
/// moved back to the start of the array when the free tail is too short, grown only when that is not enough.
/// </summary>
internal sealed class ByteQueue(int initialSize) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[initialSize];
    private int _start;
    private int _end;

    public ReadOnlySpan<byte> Data => _buffer.AsSpan(_start, _end - _start);

    public int Length => _end - _start;

    public bool IsEmpty => _end == _start;

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end) _start = _end = 0;
    }

    public void Clear() => _start = _end = 0;

    /// <summary>Room to receive into, keeping at most <paramref name="maxLength"/> bytes in all; empty when that many are held.</summary>
    public Span<byte> FreeSpace(int maxLength)
    {
        if (Length >= maxLength) return [];
        // Not a read of a few bytes because the free tail happens to be short: the unconsumed bytes move to the front.
        if (_start > 0 && _buffer.Length - _end < _buffer.Length / 2)
        {
            Data.CopyTo(_buffer);
            (_start, _end) = (0, _end - _start);
        }
        if (_end == _buffer.Length) Reserve(1);
        return _buffer.AsSpan(_end, Math.Min(_buffer.Length - _end, maxLength - Length));
    }

    public void Advance(int count) => _end += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_end);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_end);
    }

    private void Reserve(int size)
    {
        if (_buffer.Length - _end >= size) return;
        if (_start > 0)
        {
            Data.CopyTo(_buffer);
            (_start, _end) = (0, _end - _start);
            if (_buffer.Length - _end >= size) return;
        }
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _end + size));
    }
}
