using Microsoft.AspNetCore.Http.Features;

namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>The started application, without its context type, as <see cref="InProcessServer"/> holds it.</summary>
internal interface IInProcessApplication
{
    Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, IHttpConnectionFeature connection, CancellationToken ct);
}
