using System.Runtime.Versioning;

// The node tests drive Linux-only machinery (containerd, runc, CNI, mounts, cgroups).
[assembly: SupportedOSPlatform("linux")]
