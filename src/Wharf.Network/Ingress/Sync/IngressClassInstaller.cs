using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client.Rest;

namespace Wharf.Network.Ingress.Sync;

/// <summary>Creates the controller's IngressClass when it does not exist, retrying with backoff until it does.</summary>
internal static class IngressClassInstaller
{
    public static async Task EnsureAsync(IApiClient client, IngressOptions options, ILogger logger, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await client.CreateAsync(IngressResources.IngressClasses, null, Desired(options), ct);
                Log.ClassInstalled(logger, options.ClassName);
                return;
            }
            catch (ApiException e) when (e.IsAlreadyExists)
            {
                // Present already, perhaps changed by an administrator: leave it as it is.
                return;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                Log.ClassInstallFailed(logger, options.ClassName, delay, e.Message);
            }
            try
            {
                await Task.Delay(delay, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, delay.Ticks * 2));
        }
    }

    public static JsonObject Desired(IngressOptions options)
    {
        var metadata = new JsonObject { ["name"] = options.ClassName };
        if (options.InstallAsDefaultClass)
            metadata["annotations"] = new JsonObject { [IngressResources.DefaultClassAnnotation] = "true" };
        return new JsonObject
        {
            ["apiVersion"] = IngressResources.IngressClasses.GroupVersion,
            ["kind"] = IngressResources.IngressClasses.Kind,
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["controller"] = options.ControllerName },
        };
    }
}
