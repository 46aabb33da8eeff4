using System.Globalization;
using System.Text;

namespace Wharf.Node.Images;

/// <summary>
/// A duration as Go's time.Duration prints it after Truncate(time.Millisecond), as kubelet's Pulled event shows
/// it: <c>512ms</c>, <c>1.234s</c>, <c>2m3.5s</c>, <c>1h0m0s</c>, <c>0s</c>.
/// </summary>
public static class GoDuration
{
    public static string FormatMilliseconds(TimeSpan duration)
    {
        var ms = (long)Math.Floor(duration.TotalMilliseconds);
        if (ms <= 0)
            return "0s";
        if (ms < 1000)
            return ms.ToString(CultureInfo.InvariantCulture) + "ms";
        var text = new StringBuilder();
        var hours = ms / 3_600_000;
        var minutes = ms / 60_000 % 60;
        var seconds = ms / 1000 % 60;
        var fraction = ms % 1000;
        if (hours > 0)
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        if (hours > 0 || minutes > 0)
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        text.Append(seconds.ToString(CultureInfo.InvariantCulture));
        if (fraction > 0)
            text.Append('.').Append(fraction.ToString("000", CultureInfo.InvariantCulture).TrimEnd('0'));
        return text.Append('s').ToString();
    }
}
