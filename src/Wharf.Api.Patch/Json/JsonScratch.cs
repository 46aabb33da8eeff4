using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Json;

/// <summary>
/// A JSON writer over a per-thread buffer, for building a node as text and parsing it once: the node then
/// serializes straight from that text, which costs far less garbage than a tree of nodes set member by member when
/// the node is only ever written out (managedFields on the write path). Rent, write, <see cref="Parse"/>, dispose.
/// </summary>
public sealed class JsonScratch : IDisposable
{
    /// <summary>Deep enough for any stored object's managedFields (bodies are at most 256 deep).</summary>
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 1024 };

    private const int MaxKeptBuffer = 64 * 1024;

    [ThreadStatic]
    private static JsonScratch? t_cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private bool _rented;

    private JsonScratch()
    {
        Writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { MaxDepth = ParseOptions.MaxDepth });
    }

    public Utf8JsonWriter Writer { get; }

    /// <summary>The thread's scratch, or a new one when it is in use further up the stack.</summary>
    public static JsonScratch Rent()
    {
        var scratch = t_cached is { _rented: false } cached ? cached : new JsonScratch();
        scratch._rented = true;
        scratch._buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch._buffer);
        return scratch;
    }

    /// <summary>What was written so far, valid until the scratch is written to again or disposed.</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            Writer.Flush();
            return _buffer.WrittenSpan;
        }
    }

    /// <summary>What was written, as one node (its own copy of the text).</summary>
    public JsonNode? Parse()
    {
        Writer.Flush();
        return JsonNode.Parse(_buffer.WrittenSpan, documentOptions: ParseOptions);
    }

    public void Dispose()
    {
        _rented = false;
        // A scratch that grew for one large object is not kept.
        if (_buffer.Capacity <= MaxKeptBuffer)
        {
            t_cached = this;
        }
        else if (ReferenceEquals(t_cached, this))
        {
            t_cached = null;
        }
    }
}
