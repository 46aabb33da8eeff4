using System.Text.Json;

namespace Wharf.E2E.Tests.Harness;

/// <summary>Status code and body of one raw request; <see cref="Json"/> parses the body (Status or object).</summary>
public sealed record RawResponse(int StatusCode, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public override string ToString() => $"[{StatusCode}] {Body}";
}
