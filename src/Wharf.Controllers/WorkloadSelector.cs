using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers;

/// <summary>How a workload controller's sync pass reads the selector of the object it syncs.</summary>
internal static partial class WorkloadSelector
{
    /// <summary>
    /// The owner's pod selector (<paramref name="selectorOf"/>, by default <c>spec.selector</c>), or null when it does
    /// not parse: logged, and the object is left alone until its selector is fixed, as upstream's controllers do.
    /// </summary>
    public static SelectorMatcher? Read(JsonObject owner, string key, ILogger logger, Func<JsonObject, SelectorMatcher>? selectorOf = null)
    {
        try
        {
            return (selectorOf ?? OwnerLookup.SpecSelector)(owner);
        }
        catch (FormatException e)
        {
            LogInvalidSelector(logger, key, e.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 10011, Level = LogLevel.Warning, Message = "{Key} has an invalid selector: {Message}")]
    private static partial void LogInvalidSelector(ILogger logger, string key, string message);
}
