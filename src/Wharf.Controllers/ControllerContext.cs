using Microsoft.Extensions.Logging;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Rest;

namespace Wharf.Controllers;

/// <summary>What every controller is built from: the API client, the shared informers, an event recorder and logging.</summary>
public sealed record ControllerContext(
    IApiClient Client,
    SharedInformerFactory Informers,
    IEventRecorder Events,
    ILoggerFactory LoggerFactory,
    TimeProvider Time);
