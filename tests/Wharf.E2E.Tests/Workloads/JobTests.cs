using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Workloads;

/// <summary>
/// Jobs on a real node: an evicted pod of a Job whose podFailurePolicy ignores disruptions ends Failed with the
/// eviction's DisruptionTarget condition (the agent posts the terminal phase and keeps that condition), so it is not
/// counted against backoffLimit 0 and a replacement completes the Job. A finished Job with ttlSecondsAfterFinished is
/// deleted after it, in the foreground: its pods are gone before it is.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class JobTests(NodeServerFixture fixture)
{
    private static readonly KubectlOptions Long = new() { Timeout = TimeSpan.FromSeconds(90) };

    [Fact]
    public async Task An_evicted_pod_is_ignored_by_the_pod_failure_policy_and_replaced()
    {
        var ns = await fixture.CreateNamespaceAsync("job");
        using var kubectl = fixture.Kubectl();
        var manifest = JobManifest(ns, "work", "if [ -e /tmp/never ]; then exit 1; fi; sleep 3600",
            "backoffLimit: 0",
            "podFailurePolicy: {rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]}");
        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = manifest }, CancellationToken.None)).EnsureSuccess();
        // kubectl wait -l fails at once when no pod matches yet: wait for the Job controller to create one first.
        await Poll.UntilAsync(async () =>
            (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "job-name=work", "-o", "name")).StdOut.Contains("pod/", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the Job's pod exists");
        (await kubectl.RunAsync(["wait", "pod", "-n", ns, "-l", "job-name=work", "--for=condition=Ready", "--timeout=60s"], Long, CancellationToken.None)).EnsureSuccess();
        var first = (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "job-name=work", "-o", "jsonpath={.items[0].metadata.name}")).EnsureSuccess().StdOut;

        var eviction = $$$"""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"{{{first}}}","namespace":"{{{ns}}}"}}""";
        var evicted = await fixture.Raw.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/{first}/eviction", eviction, "application/json", CancellationToken.None);
        Assert.True(evicted.StatusCode == 201, evicted.ToString());

        // Counted as a failure, the eviction would have failed the Job (backoffLimit 0); ignored, it is replaced.
        await Poll.UntilAsync(async () =>
        {
            var names = (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "job-name=work",
                "-o", "jsonpath={range .items[*]}{.metadata.name} {.status.phase}{\"\\n\"}{end}")).StdOut;
            return names.Split('\n').Any(l => l.EndsWith(" Running", StringComparison.Ordinal) && !l.StartsWith(first, StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(60), "a replacement pod runs");
        var job = (await kubectl.RunAsync("get", "job", "work", "-n", ns, "-o",
            "jsonpath={.status.failed}|{.status.active}|{.status.conditions[*].type}")).EnsureSuccess().StdOut.Split('|');

        Assert.Contains(job[0], new[] { "", "0" });
        Assert.Equal(["1", ""], job[1..]);
    }

    [Fact]
    public async Task A_finished_job_with_a_ttl_is_deleted_after_its_pods()
    {
        var ns = await fixture.CreateNamespaceAsync("jobttl");
        using var kubectl = fixture.Kubectl();
        // 5 s: the finish time is kept to the second, and kubectl must see the Job complete before the TTL ends.
        var manifest = JobManifest(ns, "brief", "echo done", "ttlSecondsAfterFinished: 5");
        (await kubectl.RunAsync(["apply", "-f", "-"], new KubectlOptions { StdIn = manifest }, CancellationToken.None)).EnsureSuccess();
        (await kubectl.RunAsync(["wait", "job/brief", "-n", ns, "--for=condition=Complete", "--timeout=60s"], Long, CancellationToken.None)).EnsureSuccess();
        var pods = (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "job-name=brief", "-o", "name")).EnsureSuccess().StdOut;
        Assert.Contains("pod/brief-", pods, StringComparison.Ordinal);

        (await kubectl.RunAsync(["wait", "job/brief", "-n", ns, "--for=delete", "--timeout=60s"], Long, CancellationToken.None)).EnsureSuccess();
        var left = await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "job-name=brief", "-o", "name");
        Assert.Equal("", left.EnsureSuccess().StdOut.Trim());
    }

    /// <summary>A Job of one busybox container running <paramref name="command"/>, with these lines added to its spec.</summary>
    private static string JobManifest(string ns, string name, string command, params string[] specFields)
    {
        var spec = string.Join('\n', specFields.Select(field => "  " + field));
        return $$$"""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: {{{name}}}, namespace: {{{ns}}}}
            spec:
            {{{spec}}}
              template:
                spec:
                  restartPolicy: Never
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: main
                    image: {{{LocalImages.Busybox}}}
                    imagePullPolicy: Never
                    command: [sh, -c, '{{{command}}}']
            """;
    }
}
