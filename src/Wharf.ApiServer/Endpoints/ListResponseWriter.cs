using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Serialization;
using Wharf.Storage;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// Writes a JSON list answer (<c>{"kind","apiVersion","metadata","items"}</c>) item by item straight into the
/// response, flushing every <see cref="FlushBytes"/>, so a large LIST is neither built nor buffered whole. Stored
/// items are spliced (<see cref="StoredJsonSplicer"/>) rather than decoded; the bytes are the same as the DOM path's.
/// A client that asked for <c>as=PartialObjectMetadataList</c> gets that list, each item projected to its metadata
/// (<see cref="PartialMetadataProjection"/>), from the stored bytes when it can.
/// </summary>
internal static class ListResponseWriter
{
    private const int FlushBytes = 64 * 1024;
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <param name="metadataOnlyVersion">The meta.k8s.io version when the client asked for PartialObjectMetadataList, else null.</param>
    public static Task WriteStoredAsync(HttpContext context, ResourceKind kind, string? metadataOnlyVersion, StoredListPage page)
    {
        if (metadataOnlyVersion is { } version)
            return WriteAsync(context, PartialMetadataProjection.ListKind, PartialMetadataProjection.ApiVersion(version), page.Revision, page.Continue, page.Items.Count,
                (writer, i) => writer.WriteRawValue(PartialMetadataProjection.Project(kind, page.Items[i], version), skipInputValidation: true));
        return WriteAsync(context, kind.ListKind, kind.GroupVersion, page.Revision, page.Continue, page.Items.Count, (writer, i) => WriteStored(writer, kind, page.Items[i]));
    }

    public static Task WriteObjectsAsync(HttpContext context, ResourceKind kind, string? metadataOnlyVersion, ListPage page)
    {
        if (metadataOnlyVersion is { } version)
            return WriteAsync(context, PartialMetadataProjection.ListKind, PartialMetadataProjection.ApiVersion(version), page.Revision, page.Continue, page.Items.Count,
                (writer, i) => PartialMetadataProjection.FromObject(page.Items[i], version).WriteTo(writer));
        return WriteAsync(context, kind.ListKind, kind.GroupVersion, page.Revision, page.Continue, page.Items.Count, (writer, i) => page.Items[i].WriteTo(writer));
    }

    private static async Task WriteAsync(HttpContext context, string listKind, string apiVersion, long revision, string? continueToken, int count, Action<Utf8JsonWriter, int> writeItem)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var body = context.Response.BodyWriter;
        var ct = context.RequestAborted;
        using var writer = new Utf8JsonWriter(body, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("kind"u8, listKind);
        writer.WriteString("apiVersion"u8, apiVersion);
        writer.WriteStartObject("metadata"u8);
        writer.WriteString("resourceVersion"u8, revision.ToString(CultureInfo.InvariantCulture));
        if (continueToken is not null) writer.WriteString("continue"u8, continueToken);
        writer.WriteEndObject();
        writer.WriteStartArray("items"u8);
        long flushedAt = 0;
        for (var i = 0; i < count; i++)
        {
            writeItem(writer, i);
            if (writer.BytesPending + writer.BytesCommitted - flushedAt >= FlushBytes)
            {
                writer.Flush();
                flushedAt = writer.BytesCommitted;
                var result = await body.FlushAsync(ct);
                if (result.IsCanceled || result.IsCompleted) return;
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        await body.FlushAsync(ct);
    }

    private static void WriteStored(Utf8JsonWriter writer, ResourceKind kind, StoredObject stored)
    {
        if (!StoredJsonSplicer.TryPlan(kind, stored, out var splice))
        {
            ResourceStore.Output(kind, ObjectCodec.Decode(stored)).WriteTo(writer);
            return;
        }
        var length = splice.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            splice.CopyTo(buffer);
            writer.WriteRawValue(buffer.AsSpan(0, length), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
