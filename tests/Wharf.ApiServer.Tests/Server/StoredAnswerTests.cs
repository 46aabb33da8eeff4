using System.Net;
using System.Text;
using Wharf.ApiServer.Endpoints;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Server;

/// <summary>
/// Answers served from stored bytes (<see cref="HttpResponses.WriteBytesAsync"/>): small ones are left unflushed
/// for the end of the response, large ones are flushed as written; both must arrive whole, with their length,
/// over either HTTP version.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StoredAnswerTests(ServerFixture server)
{
    public static TheoryData<string, int, string> Cases => new()
    {
        { "small, HTTP/1.1", 100, "1.1" },
        { "small, HTTP/2", 100, "2.0" },
        { "just under the unflushed limit, HTTP/2", HttpResponses.UnflushedBodyLimit - 1_000, "2.0" },
        { "large (flushed as written), HTTP/1.1", 3 * HttpResponses.UnflushedBodyLimit, "1.1" },
        { "large (flushed as written), HTTP/2", 3 * HttpResponses.UnflushedBodyLimit, "2.0" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CreateUpdateAndGet_AnswerWithTheWholeObject(string name, int payloadBytes, string httpVersion)
    {
        _ = name;
        var version = Version.Parse(httpVersion);
        var ns = $"stored-answer-{Guid.NewGuid():N}"[..30];
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces", $"{{'apiVersion':'v1','kind':'Namespace','metadata':{{'name':'{ns}'}}}}");
        var payload = new string('p', payloadBytes);

        var (createCode, created, createResponse) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            Body($$$"""{"metadata":{"name":"c"},"data":{"payload":"{{{payload}}}"}}"""), "application/json", version: version);
        var rv = created!["metadata"]!["resourceVersion"]!.GetValue<string>();
        var (updateCode, updated, updateResponse) = await server.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/c",
            Body($$$"""{"metadata":{"name":"c","resourceVersion":"{{{rv}}}"},"data":{"payload":"{{{payload}}}","more":"x"}}"""), "application/json", version: version);
        var (getCode, got, getResponse) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/c", version: version);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK), (createCode, updateCode, getCode));
        Assert.Equal(version, getResponse.Version);
        Assert.Equal(payload, created["data"]!["payload"]!.GetValue<string>());
        Assert.Equal((payload, "x"), (updated!["data"]!["payload"]!.GetValue<string>(), updated["data"]!["more"]!.GetValue<string>()));
        Assert.Equal(updated.ToJsonString(), got!.ToJsonString());
        foreach (var response in new[] { createResponse, updateResponse, getResponse })
        {
            Assert.Equal(response.Content.Headers.ContentLength, (await response.Content.ReadAsByteArrayAsync()).Length);
        }
    }

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
}
