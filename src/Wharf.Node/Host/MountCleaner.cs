namespace Wharf.Node.Host;

/// <summary>
/// Unmounts everything mounted below a directory (overlay rootfs, sandbox shm, netns bind mounts) so a stopped
/// containerd leaves no mounts behind. Deepest first, lazily, so a busy mount cannot block the rest.
/// </summary>
internal static class MountCleaner
{
    public static IReadOnlyList<string> MountsUnder(string directory)
    {
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + "/";
        var result = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // Field 5 (index 4) is the mount point, octal-escaped (\040 for a space).
            var fields = line.Split(' ');
            if (fields.Length < 5)
                continue;
            var mountPoint = Unescape(fields[4]);
            if (mountPoint.StartsWith(prefix, StringComparison.Ordinal))
                result.Add(mountPoint);
        }
        return result;
    }

    /// <summary>Returns the mount points that could not be unmounted.</summary>
    public static IReadOnlyList<string> UnmountAllUnder(string directory)
    {
        var failed = new List<string>();
        foreach (var mountPoint in MountsUnder(directory).Distinct().OrderByDescending(m => m.Length))
        {
            if (NativeMethods.Umount2(mountPoint, NativeMethods.MntDetach) != 0)
                failed.Add(mountPoint);
        }
        return failed;
    }

    internal static string Unescape(string field)
    {
        if (!field.Contains('\\'))
            return field;
        var builder = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                builder.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                builder.Append(field[i]);
            }
        }
        return builder.ToString();
    }

    private static bool IsOctal(string text, int start) =>
        start + 3 <= text.Length && text.AsSpan(start, 3).IndexOfAnyExcept("01234567") < 0;
}
