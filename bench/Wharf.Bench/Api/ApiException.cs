using System.Net;

namespace Wharf.Bench.Api;

/// <summary>The API server answered a benchmark request with an unexpected status.</summary>
internal sealed class ApiException(HttpMethod method, string path, HttpStatusCode status, string body)
    : Exception($"{method} {path} -> {(int)status}: {(body.Length > 300 ? body[..300] : body)}")
{
    public HttpStatusCode Status { get; } = status;
}
