using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Rest;

/// <summary>
/// The opaque <c>continue</c> value of a paged list: the revision the first page was read at and the last
/// key returned, base64-encoded JSON in the same shape upstream uses.
/// </summary>
public sealed record ContinueToken(long Revision, string StartAfterKey)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = Revision, ["start"] = StartAfterKey }.ToJsonString()))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ContinueToken Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var json = JsonNode.Parse(Convert.FromBase64String(base64))!.AsObject();
            if (json["v"]?.GetValue<string>() != "meta.k8s.io/v1") throw new FormatException("unknown version");
            var rv = json["rv"]!.GetValue<long>();
            var start = json["start"]!.GetValue<string>();
            return new ContinueToken(rv, start);
        }
        catch (Exception e) when (e is FormatException or JsonException or NullReferenceException or InvalidOperationException)
        {
            throw StatusErrors.BadRequest($"continue key is not valid: {e.Message}");
        }
    }
}
