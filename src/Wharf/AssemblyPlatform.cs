using System.Runtime.Versioning;

// The wharf binary runs nodes: containerd, CNI, nftables and network namespaces are Linux's.
[assembly: SupportedOSPlatform("linux")]
