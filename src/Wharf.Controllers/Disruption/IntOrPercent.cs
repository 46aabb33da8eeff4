using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.Controllers.Disruption;

/// <summary>Upstream's intstr.GetScaledValueFromIntOrPercent for PDB minAvailable / maxUnavailable.</summary>
public static class IntOrPercent
{
    public static bool IsPercent(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out _);

    /// <summary>
    /// An integer as is; "N%" of <paramref name="total"/>, rounded up or down. Throws <see cref="FormatException"/>
    /// for a string that is not a percentage, as upstream refuses it.
    /// </summary>
    public static int Scaled(JsonNode? value, int total, bool roundUp)
    {
        if (value is not JsonValue v) throw new FormatException("nil value for IntOrString");
        if (v.TryGetValue<int>(out var n)) return n;
        if (v.TryGetValue<long>(out var l)) return checked((int)l);
        if (v.TryGetValue<System.Text.Json.JsonElement>(out var e) && e.ValueKind == System.Text.Json.JsonValueKind.Number) return e.GetInt32();
        var s = v.GetValue<string>();
        if (!s.EndsWith('%') || !int.TryParse(s.AsSpan(0, s.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
            throw new FormatException($"invalid value for IntOrString: invalid value \"{s}\": must be an integer or a percentage");
        var scaled = (long)percent * total;
        return (int)(roundUp ? (scaled + 99) / 100 : scaled / 100);
    }
}
