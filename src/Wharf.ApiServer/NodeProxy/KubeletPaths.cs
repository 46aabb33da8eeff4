using System.Text;
using Microsoft.AspNetCore.Http;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>
/// The kubelet API paths the API server forwards pod subresources to, with the query translated as upstream does
/// (PodExecOptions' stdin/stdout/stderr become kubelet's input/output/error).
/// </summary>
public static class KubeletPaths
{
    private static readonly string[] LogParameters = ["follow", "previous", "timestamps", "tailLines", "sinceSeconds", "sinceTime", "limitBytes"];

    public static string ContainerLogs(string ns, string pod, string container, IQueryCollection query)
    {
        var path = $"/containerLogs/{Escape(ns)}/{Escape(pod)}/{Escape(container)}";
        var q = new StringBuilder();
        foreach (var name in LogParameters)
        {
            if (query.TryGetValue(name, out var values) && values.Count > 0)
                Add(q, name, values[^1] ?? "");
        }
        return path + q;
    }

    public static string RemoteCommand(string verb, string ns, string pod, string container, IQueryCollection query)
    {
        var q = new StringBuilder();
        if (verb == "exec")
        {
            foreach (var part in query["command"])
                Add(q, "command", part ?? "");
        }
        foreach (var (from, to) in new[] { ("stdin", "input"), ("stdout", "output"), ("stderr", "error"), ("tty", "tty") })
        {
            if (Flag(query, from))
                Add(q, to, "1");
        }
        return $"/{verb}/{Escape(ns)}/{Escape(pod)}/{Escape(container)}{q}";
    }

    public static string PortForward(string ns, string pod, QueryString query) =>
        $"/portForward/{Escape(ns)}/{Escape(pod)}{query}";

    private static bool Flag(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && values[^1] is "" or "1" or "true" or "True";

    private static void Add(StringBuilder query, string name, string value) =>
        query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
