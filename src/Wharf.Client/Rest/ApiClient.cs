using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Client.Rest;

/// <summary>
/// JSON REST client for the Kubernetes API over one pooled <see cref="HttpClient"/> (HTTP/2, falling back to 1.1).
/// Thread-safe; share one per process and component.
/// </summary>
public sealed class ApiClient : IApiClient, IDisposable
{
    private const string JsonMediaType = "application/json";
    private readonly HttpClient _http;
    private readonly ClientConfig _config;
    private readonly HttpVersionPolicy _versionPolicy;

    public ApiClient(ClientConfig config)
    {
        _config = config;
        // Over the loopback socket there is no TLS to negotiate HTTP/2 in (ALPN): the client must insist on it
        // (prior knowledge), or it would speak HTTP/1.1 to a server that only takes HTTP/2 there.
        _versionPolicy = config.UnixSocketPath is null ? HttpVersionPolicy.RequestVersionOrLower : HttpVersionPolicy.RequestVersionExact;
        _http = new HttpClient(config.CreateHandler?.Invoke() ?? TlsHandlerFactory.Create(config), disposeHandler: true)
        {
            BaseAddress = config.Server,
            Timeout = Timeout.InfiniteTimeSpan, // watches are long; other calls get RequestTimeout below
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(config.UserAgent);
        if (config.BearerToken is { Length: > 0 } token)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Server => _config.Server;

    public static ApiClient Create(Uri server, X509Certificate2 ca, X509Certificate2 clientCertificate, string? userAgent = null) =>
        new(new ClientConfig { Server = server, CertificateAuthority = ca, ClientCertificate = clientCertificate, UserAgent = userAgent ?? "wharf/v0.1.0" });

    /// <summary>
    /// A client of the API server's loopback socket (see <see cref="ClientConfig.UnixSocketPath"/>): the server's
    /// in-process components, which it authenticates as system:apiserver by the socket alone.
    /// </summary>
    public static ApiClient ForLoopbackSocket(string path, string userAgent) =>
        new(new ClientConfig { Server = new Uri("http://localhost"), UnixSocketPath = path, UserAgent = userAgent });

    /// <summary>
    /// A client whose requests go through <paramref name="createHandler"/>'s handler, such as an in-process transport
    /// into the API server of this process (which authenticates them by the handler itself).
    /// </summary>
    public static ApiClient ForHandler(Func<HttpMessageHandler> createHandler, string userAgent) =>
        new(new ClientConfig { Server = new Uri("http://localhost"), CreateHandler = createHandler, UserAgent = userAgent });

    public static ApiClient FromKubeconfig(string path, string? context = null) => new(Kubeconfig.Load(path, context));

    public Task<JsonObject> GetAsync(Resource resource, string? ns, string name, CancellationToken ct) =>
        SendObjectAsync(HttpMethod.Get, resource.Path(ns, name), null, ct);

    public Task<JsonObject> ListAsync(Resource resource, string? ns, ListOptions? options, CancellationToken ct) =>
        ListCoreAsync(resource, ns, options, null, ct);

    public Task<JsonObject> ListMetadataAsync(Resource resource, string? ns, ListOptions? options, CancellationToken ct) =>
        ListCoreAsync(resource, ns, options, Meta.PartialObjectMetadata.ListAccept, ct);

    public IAsyncEnumerable<WatchEvent> WatchAsync(Resource resource, string? ns, ListOptions? options, CancellationToken ct) =>
        WatchCoreAsync(resource, ns, options, null, ct);

    public IAsyncEnumerable<WatchEvent> WatchMetadataAsync(Resource resource, string? ns, ListOptions? options, CancellationToken ct) =>
        WatchCoreAsync(resource, ns, options, Meta.PartialObjectMetadata.WatchAccept, ct);

    private Task<JsonObject> ListCoreAsync(Resource resource, string? ns, ListOptions? options, string? accept, CancellationToken ct)
    {
        var query = new QueryBuilder();
        options?.AppendTo(query);
        return SendObjectAsync(HttpMethod.Get, resource.Path(ns) + query, null, accept, ct);
    }

    private IAsyncEnumerable<WatchEvent> WatchCoreAsync(Resource resource, string? ns, ListOptions? options, string? accept, CancellationToken ct) =>
        ReadWatchAsync(resource, ns, options, accept, static (line, _) => WatchEvent.Parse(line), (object?)null, ct);

    public Task<ObjectList<T>> ListAsync<T>(Resource resource, string? ns, ListOptions? options, JsonSerializerOptions json, CancellationToken ct)
        where T : class =>
        ListCoreAsync<T>(resource, ns, options, null, json, ct);

    public Task<ObjectList<T>> ListMetadataAsync<T>(Resource resource, string? ns, ListOptions? options, JsonSerializerOptions json, CancellationToken ct)
        where T : class =>
        ListCoreAsync<T>(resource, ns, options, Meta.PartialObjectMetadata.ListAccept, json, ct);

    private async Task<ObjectList<T>> ListCoreAsync<T>(Resource resource, string? ns, ListOptions? options, string? accept, JsonSerializerOptions json,
        CancellationToken ct)
        where T : class
    {
        var query = new QueryBuilder();
        options?.AppendTo(query);
        var (_, bytes) = await SendAsync(HttpMethod.Get, resource.Path(ns) + query, null, accept, ct).ConfigureAwait(false);
        return TypedJson.ParseList<T>(bytes, json);
    }

    public IAsyncEnumerable<TypedWatchEvent<T>> WatchAsync<T>(Resource resource, string? ns, ListOptions? options, JsonSerializerOptions json, CancellationToken ct)
        where T : class =>
        WatchTypedAsync<T>(resource, ns, options, null, json, ct);

    public IAsyncEnumerable<TypedWatchEvent<T>> WatchMetadataAsync<T>(Resource resource, string? ns, ListOptions? options, JsonSerializerOptions json,
        CancellationToken ct)
        where T : class =>
        WatchTypedAsync<T>(resource, ns, options, Meta.PartialObjectMetadata.WatchAccept, json, ct);

    private IAsyncEnumerable<TypedWatchEvent<T>> WatchTypedAsync<T>(Resource resource, string? ns, ListOptions? options, string? accept,
        JsonSerializerOptions json, CancellationToken ct)
        where T : class =>
        ReadWatchAsync(resource, ns, options, accept, static (line, options) => TypedJson.ParseEvent<T>(line, options), json, ct);

    /// <summary>Parses a watch line (UTF-8, valid only during the call) with the state the caller passed.</summary>
    private delegate TEvent WatchLineParser<TEvent, TState>(ReadOnlySpan<byte> line, TState state);

    /// <summary>One watch stream, each line handed to <paramref name="parse"/> straight from the read buffer.</summary>
    private async IAsyncEnumerable<TEvent> ReadWatchAsync<TEvent, TState>(Resource resource, string? ns, ListOptions? options, string? accept,
        WatchLineParser<TEvent, TState> parse, TState state, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await OpenWatchAsync(resource, ns, options, accept, ct).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var lines = new WatchLineReader(stream);
        while (await lines.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            yield return parse(line.Span, state);
    }

    private Task<HttpResponseMessage> OpenWatchAsync(Resource resource, string? ns, ListOptions? options, string? accept, CancellationToken ct)
    {
        var query = new QueryBuilder();
        query.Add("watch", "true");
        options?.AppendTo(query);
        return SendCheckedAsync(HttpMethod.Get, resource.Path(ns) + query, null, accept, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    public Task<JsonObject> CreateAsync(Resource resource, string? ns, JsonObject obj, CancellationToken ct) =>
        SendObjectAsync(HttpMethod.Post, resource.Path(ns ?? Meta.ObjectMeta.Namespace(obj)), Json(obj), ct);

    public async Task CreateWithoutAnswerAsync(Resource resource, string? ns, ReadOnlyMemory<byte> utf8Json, CancellationToken ct)
    {
        // The header CreateAsync sends, so the server sees the same request.
        var body = JsonBody.Content(utf8Json, JsonMediaType, "utf-8");
        using var timeout = RequestTimeout(ct);
        using var response = await SendCheckedAsync(HttpMethod.Post, resource.Path(ns), body, null, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
            .ConfigureAwait(false);
        await DrainAsync(response, timeout.Token).ConfigureAwait(false);
    }

    public Task<AnswerMetadata> CreateReadingMetadataAsync(Resource resource, string? ns, ReadOnlyMemory<byte> utf8Json, CancellationToken ct) =>
        // The header CreateAsync sends, so the server sees the same request.
        SendReadingMetadataAsync(HttpMethod.Post, resource.Path(ns), JsonBody.Content(utf8Json, JsonMediaType, "utf-8"), ct);

    public Task<AnswerMetadata> UpdateStatusReadingMetadataAsync(Resource resource, JsonObject obj, CancellationToken ct) =>
        SendReadingMetadataAsync(HttpMethod.Put, ObjectPath(resource, obj, "status"), Json(obj), ct);

    public Task<AnswerMetadata> UpdateStatusReadingMetadataAsync(Resource resource, string? ns, string name, ReadOnlyMemory<byte> utf8Json,
        CancellationToken ct) =>
        // The path and header UpdateStatusAsync sends for an object at ns/name.
        SendReadingMetadataAsync(HttpMethod.Put, resource.Path(string.IsNullOrEmpty(ns) ? null : ns, name, "status"), JsonBody.Content(utf8Json, JsonMediaType, "utf-8"), ct);

    public Task<JsonObject> UpdateAsync(Resource resource, JsonObject obj, CancellationToken ct) =>
        PutAsync(resource, null, obj, ct);

    public Task<JsonObject> UpdateStatusAsync(Resource resource, JsonObject obj, CancellationToken ct) =>
        PutAsync(resource, "status", obj, ct);

    public Task<JsonObject> UpdateSubresourceAsync(Resource resource, string subresource, JsonObject obj, CancellationToken ct) =>
        PutAsync(resource, subresource, obj, ct);

    public Task<JsonObject> PatchAsync(Resource resource, string? ns, string name, PatchType type, JsonNode patch, PatchOptions? options, CancellationToken ct)
    {
        options ??= PatchOptions.Default;
        var query = new QueryBuilder();
        query.Add("fieldManager", options.FieldManager ?? (type == PatchType.Apply ? "wharf" : null));
        if (options.Force) query.Add("force", "true");
        return SendObjectAsync(HttpMethod.Patch, resource.Path(ns, name, options.Subresource) + query, JsonBody.Create(patch, type.ContentType(), null), ct);
    }

    public Task<JsonObject> DeleteAsync(Resource resource, string? ns, string name, DeleteOptions? options, CancellationToken ct) =>
        SendObjectAsync(HttpMethod.Delete, resource.Path(ns, name), options is null ? null : Json(options.ToJson()), ct);

    public Task<JsonObject> DeleteCollectionAsync(Resource resource, string? ns, ListOptions? listOptions, DeleteOptions? options, CancellationToken ct)
    {
        var query = new QueryBuilder();
        listOptions?.AppendTo(query);
        return SendObjectAsync(HttpMethod.Delete, resource.Path(ns) + query, options is null ? null : Json(options.ToJson()), ct);
    }

    public async Task<RawResponse> GetRawAsync(string path, string? accept, CancellationToken ct)
    {
        using var request = NewRequest(HttpMethod.Get, path, null, accept);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_config.RequestTimeout);
        using var response = await _http.SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
            throw await ErrorAsync(response, timeout.Token);
        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        return new RawResponse(response.Content.Headers.ContentType?.ToString(), body.Length == 0 ? null : JsonNode.Parse(body));
    }

    private Task<JsonObject> PutAsync(Resource resource, string? subresource, JsonObject obj, CancellationToken ct) =>
        SendObjectAsync(HttpMethod.Put, ObjectPath(resource, obj, subresource), Json(obj), ct);

    /// <summary>The path of <paramref name="obj"/> (by its metadata namespace and name), or of its subresource.</summary>
    private static string ObjectPath(Resource resource, JsonObject obj, string? subresource)
    {
        var name = ObjectMeta.Name(obj) ?? throw new ArgumentException("object has no metadata.name", nameof(obj));
        return resource.Path(ObjectMeta.Namespace(obj), name, subresource);
    }

    private Task<JsonObject> SendObjectAsync(HttpMethod method, string path, HttpContent? body, CancellationToken ct) =>
        SendObjectAsync(method, path, body, null, ct);

    private Task<JsonObject> SendObjectAsync(HttpMethod method, string path, HttpContent? body, string? accept, CancellationToken ct) =>
        SendReadingAsync(method, path, body, accept, static (code, answer, request) =>
            JsonNode.Parse(answer) as JsonObject ?? throw NotAnObject(code, request), (method, path), ct);

    /// <summary>
    /// One request whose successful answer is read into a pooled buffer and handed to <paramref name="read"/> (which
    /// must not keep the span) with the status code: the answer's bytes are not copied into an array of their own.
    /// </summary>
    private async Task<T> SendReadingAsync<T, TState>(HttpMethod method, string path, HttpContent? body, string? accept,
        AnswerReader<T, TState> read, TState state, CancellationToken ct)
    {
        using var timeout = RequestTimeout(ct);
        using var response = await SendCheckedAsync(method, path, body, accept, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        using var answer = await PooledAnswer.ReadAsync(response.Content, timeout.Token).ConfigureAwait(false);
        return read((int)response.StatusCode, answer.Span, state);
    }

    /// <summary>Reads an answer (UTF-8, valid only during the call) with the status code and the state the caller passed.</summary>
    private delegate T AnswerReader<out T, in TState>(int code, ReadOnlySpan<byte> answer, TState state);

    /// <summary>The answer's metadata, read without building a tree of the answer.</summary>
    private Task<AnswerMetadata> SendReadingMetadataAsync(HttpMethod method, string path, HttpContent body, CancellationToken ct) =>
        SendReadingAsync(method, path, body, null, static (code, answer, request) =>
            AnswerMetadata.Read(answer) ?? throw NotAnObject(code, request), (method, path), ct);

    private static ApiException NotAnObject(int code, (HttpMethod Method, string Path) request) =>
        new(code, "InternalError", $"{request.Method} {request.Path}: the answer is not a JSON object");

    /// <summary>One request under <see cref="ClientConfig.RequestTimeout"/>; the status code and body of a successful answer.</summary>
    private async Task<(int Code, byte[] Body)> SendAsync(HttpMethod method, string path, HttpContent? body, string? accept, CancellationToken ct)
    {
        using var timeout = RequestTimeout(ct);
        using var response = await SendCheckedAsync(method, path, body, accept, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false));
    }

    private CancellationTokenSource RequestTimeout(CancellationToken ct)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_config.RequestTimeout);
        return timeout;
    }

    /// <summary>One request; a successful answer to read (the caller disposes it), or the server's error thrown.</summary>
    private async Task<HttpResponseMessage> SendCheckedAsync(HttpMethod method, string path, HttpContent? body, string? accept,
        HttpCompletionOption completion, CancellationToken ct)
    {
        using var request = NewRequest(method, path, body, accept);
        var response = await _http.SendAsync(request, completion, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ErrorAsync(response, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads an answer to its end into a pooled scratch buffer and drops it: a stream disposed before its end would
    /// be reset (HTTP/2 RST_STREAM) instead of completing, and buffering it would allocate what nobody reads.
    /// </summary>
    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (await stream.ReadAsync(scratch, ct).ConfigureAwait(false) > 0) { }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path, HttpContent? body, string? accept = null)
    {
        // HttpClient.DefaultRequestVersion applies only to its convenience methods, not to messages built here: without
        // these two lines every request went as HTTP/1.1, one TLS connection per concurrent request (64 binds in flight
        // = 64 handshakes). HTTP/2 multiplexes requests and watches over one connection (more once the server's
        // stream limit is reached, EnableMultipleHttp2Connections); servers without HTTP/2 still get HTTP/1.1.
        var request = new HttpRequestMessage(method, path)
        {
            Content = body,
            Version = HttpVersion.Version20,
            VersionPolicy = _versionPolicy,
        };
        request.Headers.TryAddWithoutValidation("Accept", accept ?? JsonMediaType);
        return request;
    }

    // As StringContent(text, UTF8, JsonMediaType) sent it: "application/json; charset=utf-8".
    private static HttpContent Json(JsonObject obj) => JsonBody.Create(obj, JsonMediaType, "utf-8");

    private static async Task<ApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var code = (int)response.StatusCode;
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            text = "";
        }
        try
        {
            if (JsonNode.Parse(text) is JsonObject obj && obj["kind"]?.GetValue<string>() == "Status")
                return ApiException.FromStatus(obj, code);
        }
        catch (JsonException)
        {
            // Not a Status: describe the HTTP answer below.
        }
        var reason = ApiException.ReasonFor(code);
        var message = text.Length is > 0 and < 512 ? text.Trim() : $"the server responded with {code} {reason}";
        return new ApiException(code, reason, message);
    }

    public void Dispose() => _http.Dispose();
}
