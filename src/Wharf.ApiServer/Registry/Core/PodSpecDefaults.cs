using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>The defaults upstream's SetDefaults_PodSpec / SetDefaults_Container apply; shared by pods and pod templates.</summary>
public static class PodSpecDefaults
{
    public static void Apply(JsonObject spec)
    {
        spec.Default("restartPolicy", "Always");
        spec.Default("dnsPolicy", "ClusterFirst");
        spec.Default("terminationGracePeriodSeconds", 30);
        spec.Default("securityContext", new JsonObject());
        spec.Default("schedulerName", "default-scheduler");
        spec.Default("enableServiceLinks", true);
        if (spec["serviceAccountName"] is null && spec["serviceAccount"] is { } legacy)
            spec["serviceAccountName"] = legacy.DeepClone();
        foreach (var list in new[] { "initContainers", "containers" })
            foreach (var container in spec[list].Objects())
                ApplyContainer(container);
    }

    private static void ApplyContainer(JsonObject container)
    {
        container.Default("terminationMessagePath", "/dev/termination-log");
        container.Default("terminationMessagePolicy", "File");
        container.Default("resources", new JsonObject());
        var image = container.Str("image") ?? "";
        container.Default("imagePullPolicy", PullsAlways(image) ? "Always" : "IfNotPresent");
        foreach (var port in container["ports"].Objects())
            port.Default("protocol", "TCP");
    }

    /// <summary>Images without a tag or digest, or tagged <c>latest</c>, are pulled on every start.</summary>
    private static bool PullsAlways(string image)
    {
        if (image.Contains('@')) return false;
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest";
    }
}
