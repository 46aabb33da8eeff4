using Microsoft.Extensions.Logging;

namespace Wharf.Node.Images;

// Event ids 3200-3299: image import.
internal static partial class Log
{
    [LoggerMessage(3200, LogLevel.Information, "Imported {Archive}: {Images}")]
    public static partial void Imported(ILogger logger, string archive, string images);

    [LoggerMessage(3201, LogLevel.Warning, "Importing {Archive} failed; will retry when it changes")]
    public static partial void ImportFailed(ILogger logger, Exception exception, string archive);
}
