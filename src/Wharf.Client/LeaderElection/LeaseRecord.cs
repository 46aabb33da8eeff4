using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.Client.LeaderElection;

/// <summary>The fields of a Lease's spec that leader election reads and writes.</summary>
internal sealed record LeaseRecord(string HolderIdentity, int LeaseDurationSeconds, DateTimeOffset? AcquireTime, DateTimeOffset? RenewTime, int LeaseTransitions)
{
    private const string MicroTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static LeaseRecord FromLease(JsonObject lease)
    {
        var spec = lease["spec"];
        return new LeaseRecord(
            Str(spec?["holderIdentity"]) ?? "",
            Int(spec?["leaseDurationSeconds"]),
            Time(spec?["acquireTime"]),
            Time(spec?["renewTime"]),
            Int(spec?["leaseTransitions"]));
    }

    public JsonObject ToSpec()
    {
        var spec = new JsonObject
        {
            ["holderIdentity"] = HolderIdentity,
            ["leaseDurationSeconds"] = LeaseDurationSeconds,
            ["leaseTransitions"] = LeaseTransitions,
        };
        if (AcquireTime is { } a) spec["acquireTime"] = Format(a);
        if (RenewTime is { } r) spec["renewTime"] = Format(r);
        return spec;
    }

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString(MicroTimeFormat, CultureInfo.InvariantCulture);

    private static string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int Int(JsonNode? n) => n is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;

    private static DateTimeOffset? Time(JsonNode? n) =>
        Str(n) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
