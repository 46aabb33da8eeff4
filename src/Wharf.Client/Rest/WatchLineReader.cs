namespace Wharf.Client.Rest;

/// <summary>
/// Splits a watch stream into its newline-terminated JSON lines as UTF-8 bytes, so that each event is parsed once,
/// straight from the bytes (no UTF-16 string per line). A line is valid until the next call.
/// </summary>
internal sealed class WatchLineReader(Stream stream)
{
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next non-empty line (without its newline), or null at the end of the stream.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken ct)
    {
        var scanned = 0; // bytes after _start already known to hold no newline
        while (true)
        {
            var from = _start + scanned;
            var newline = Array.IndexOf(_buffer, (byte)'\n', from, _end - from);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == (byte)'\r') length--; // CRLF
                var line = new ReadOnlyMemory<byte>(_buffer, _start, length);
                _start = newline + 1;
                scanned = 0;
                if (length == 0) continue;
                return line;
            }
            scanned = _end - _start;
            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                // A last line without its newline still counts.
                if (_end == _start) return null;
                var rest = new ReadOnlyMemory<byte>(_buffer, _start, _end - _start);
                _start = _end;
                return rest;
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }
}
