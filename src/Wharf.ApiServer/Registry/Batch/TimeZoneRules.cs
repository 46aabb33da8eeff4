using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Batch;

/// <summary>
/// CronJob time zones: IANA names (checked against the tz database, as Go's time.LoadLocation does), never the
/// implicit <c>Local</c>.
/// </summary>
public static partial class TimeZoneRules
{
    // IANA naming rules: ASCII letters, '.', '-', '_' per component, up to 14 characters; digits and '+' tolerated.
    [GeneratedRegex("^[A-Za-z.\\-_0-9+]{1,14}$")]
    private static partial Regex Component();

    public static IEnumerable<FieldError> Validate(JsonNode? node, string path)
    {
        if (node is null) yield break;
        var zone = node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        if (zone.Length == 0)
        {
            yield return FieldError.Invalid(path, zone, "timeZone must be nil or non-empty string");
            yield break;
        }
        foreach (var part in zone.Split('/'))
        {
            if (part is "." or ".." || part.StartsWith('-') || !Component().IsMatch(part))
            {
                yield return FieldError.Invalid(path, zone, $"unknown time zone {zone}");
                yield break;
            }
        }
        if (zone.Equals("Local", StringComparison.OrdinalIgnoreCase))
            yield return FieldError.Invalid(path, zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
        else if (!Exists(zone))
            yield return FieldError.Invalid(path, zone, $"unknown time zone {zone}");
    }

    private static bool Exists(string zone)
    {
        if (zone == "UTC") return true;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zone) is not null;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
