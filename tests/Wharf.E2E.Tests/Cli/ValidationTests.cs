using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Cli;

/// <summary>
/// Invalid manifests of the kinds that gained upstream's validation, applied with the real kubectl: the server answers
/// 422 with one cause per bad field, and kubectl prints them the way it prints upstream's.
/// </summary>
public sealed class ValidationTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    public static TheoryData<string, string, string> InvalidManifests => new()
    {
        {
            "deployment template with a bad port and a missing volume",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: nginx
                    ports: [{containerPort: 70000}]
                    volumeMounts: [{name: data, mountPath: /data}]
            """,
            "The Deployment \"web\" is invalid: \n"
            + "* spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive\n"
            + "* spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\"\n"
        },
        {
            "job whose pods would restart",
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: once}
            spec:
              template:
                spec:
                  containers: [{name: c, image: busybox}]
            """,
            "The Job \"once\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"\n"
        },
        {
            "cronjob with a bad schedule and policy",
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: tick}
            spec:
              schedule: "61 * * * *"
              concurrencyPolicy: Sometimes
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox}]
            """,
            "The CronJob \"tick\" is invalid: \n"
            + "* spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61\n"
            + "* spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"\n"
        },
        {
            "ingress path without a type",
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              rules:
              - host: web.example.test
                http:
                  paths:
                  - path: /
                    backend: {service: {name: web, port: {number: 80}}}
            """,
            "The Ingress \"web\" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified\n"
        },
        {
            "pod disruption budget with both budgets",
            """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: budget}
            spec:
              minAvailable: 1
              maxUnavailable: 150%
            """,
            "The PodDisruptionBudget \"budget\" is invalid: \n"
            + "* spec: Invalid value: {\"maxUnavailable\":\"150%\",\"minAvailable\":1}: minAvailable and maxUnavailable cannot be both set\n"
            + "* spec.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%\n"
        },
        {
            "role binding to a pod",
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: bind}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Pod, name: reader}
            subjects: [{kind: User, name: jane}]
            """,
            "The RoleBinding \"bind\" is invalid: \n"
            + "* roleRef.kind: Unsupported value: \"Pod\": supported values: \"Role\", \"ClusterRole\"\n"
            + "* subjects[0].apiGroup: Unsupported value: \"\": supported values: \"rbac.authorization.k8s.io\"\n"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidManifests))]
    public async Task Apply_InvalidManifest_PrintsEachBadField(string name, string manifest, string expected)
    {
        _ = name;
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();

        var result = await kubectl.RunAsync(["apply", "-n", ns, "-f", "-"], new KubectlOptions { StdIn = manifest }, CancellationToken.None);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Equal(expected, result.StdErr);
    }

    [Fact]
    public async Task Apply_ChangedRoleRef_IsRejectedAsImmutable()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();
        const string binding = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: bind}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: KIND}
            subjects: [{kind: ServiceAccount, name: default}]
            """;
        (await kubectl.RunAsync(["apply", "-n", ns, "-f", "-"], new KubectlOptions { StdIn = binding.Replace("KIND", "reader") }, CancellationToken.None)).EnsureSuccess();

        var changed = await kubectl.RunAsync(["apply", "-n", ns, "-f", "-"], new KubectlOptions { StdIn = binding.Replace("KIND", "writer") }, CancellationToken.None);

        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"Role\", Name:\"writer\"}: cannot change roleRef", changed.StdErr);
    }
}
