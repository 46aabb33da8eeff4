namespace Wharf.E2E.Tests.Cli;

/// <summary>YAML the tests hand to kubectl.</summary>
internal static class Manifests
{
    public static string Deployment(string name, string ns, int replicas, string image = "nginx:1.27") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {ns}
          labels:
            app: {name}
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: c1
                image: {image}
              - name: c2
                image: busybox:1.36
        """;

    public static string ConfigMap(string name, string ns, string key, string value) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}
        data:
          {key}: {value}
        """;
}
