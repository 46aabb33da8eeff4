using System.Globalization;

namespace Wharf.Api.Protobuf.Decoding;

/// <summary>Renders meta.v1.Time and MicroTime as upstream's JSON does (UTC RFC 3339, null for Go's zero time).</summary>
internal static class TimeFormatter
{
    // time.Time{}.Unix(): the zero time Go renders as JSON null.
    private const long GoZeroUnixSeconds = -62_135_596_800;
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>Returns null for the zero time, else "2006-01-02T15:04:05Z" or with six fractional digits.</summary>
    public static string? Format(long seconds, long nanos, bool micro)
    {
        // time.Unix normalises nanos outside [0, 1e9) into the seconds.
        seconds += Math.DivRem(nanos, NanosPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += NanosPerSecond;
        }

        if (seconds == GoZeroUnixSeconds && rest == 0)
        {
            return null;
        }

        if (seconds < GoZeroUnixSeconds || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new ProtobufDecodeException($"timestamp {seconds}s is outside the years 1 to 9999");
        }

        var instant = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        if (!micro)
        {
            return instant.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
        }

        return instant.AddTicks(rest / 100).ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture);
    }
}
