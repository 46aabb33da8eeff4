namespace Wharf.Node.Agent.Volumes;

/// <summary>hostPath volume types, checked (or created) as upstream does before the pod starts.</summary>
internal static class HostPathCheck
{
    public static string Prepare(string path, string type)
    {
        switch (type)
        {
            case "":
                break;
            case "DirectoryOrCreate":
                if (!Directory.Exists(path))
                {
                    Directory.CreateDirectory(path);
                    File.SetUnixFileMode(path, (UnixFileMode)0x1ED); // 0755
                }
                break;
            case "Directory":
                if (!Directory.Exists(path))
                    throw new IOException($"hostPath type check failed: {path} is not a directory");
                break;
            case "FileOrCreate":
                if (!File.Exists(path))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllBytes(path, []);
                    File.SetUnixFileMode(path, (UnixFileMode)0x1A4); // 0644
                }
                break;
            case "File":
                if (!File.Exists(path))
                    throw new IOException($"hostPath type check failed: {path} is not a file");
                break;
            case "Socket" or "CharDevice" or "BlockDevice":
                if (!File.Exists(path) || Kind(path) != type)
                    throw new IOException($"hostPath type check failed: {path} is not a {KindText(type)}");
                break;
            default:
                throw new IOException($"invalid HostPathType {type}");
        }
        return path;
    }

    /// <summary>The file type as stat(1) names it (.NET has no managed API for sockets and devices).</summary>
    private static string Kind(string path)
    {
        var result = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
        var text = result.StandardOutput.ReadToEnd().Trim();
        result.WaitForExit();
        return text switch
        {
            "socket" => "Socket",
            "character special file" => "CharDevice",
            "block special file" => "BlockDevice",
            _ => text,
        };
    }

    private static string KindText(string type) => type switch
    {
        "Socket" => "socket file",
        "CharDevice" => "character device",
        _ => "block device",
    };
}
