using System.Runtime.Versioning;

// The node agent drives Linux-only machinery (containerd, runc, CNI, mounts, cgroups, file modes).
[assembly: SupportedOSPlatform("linux")]
