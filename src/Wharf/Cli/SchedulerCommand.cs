using System.CommandLine;
using Microsoft.Extensions.Logging;
using Wharf.Client.Rest;
using Wharf.Scheduler.Config;
using Wharf.Scheduler.Hosting;

namespace Wharf.Cli;

/// <summary><c>wharf scheduler --kubeconfig K</c>: the scheduler alone, against any API server (as kube-scheduler runs).</summary>
internal static class SchedulerCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "Kubeconfig of the API server to schedule for", Required = true };
        var config = new Option<string>("--scheduler-config") { Description = "KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1)" };
        var leaderElect = new Option<bool>("--leader-elect") { Description = "Take part in leader election over the kube-system/kube-scheduler Lease", DefaultValueFactory = _ => true };
        var securePort = new Option<int>("--secure-port")
        {
            Description = "Port of /metrics and /healthz (plain HTTP, unlike kube-scheduler's HTTPS; 0 turns the endpoint off)",
            DefaultValueFactory = _ => 10259,
        };
        var bindAddress = new Option<string>("--bind-address") { Description = "Address of /metrics and /healthz", DefaultValueFactory = _ => "127.0.0.1" };
        var featureGates = new Option<string>("--feature-gates") { Description = "Name=true|false pairs, comma-separated; known: OpportunisticBatching (default true)" };
        var debug = new Option<bool>("--debug") { Description = "Verbose logging" };
        var command = new Command("scheduler", "Run the scheduler against an API server") { kubeconfig, config, leaderElect, securePort, bindAddress, featureGates, debug };
        command.SetAction(async (parse, ct) =>
        {
            ControlPlaneTiering.Apply();
            SchedulerFeatureGates gates;
            try
            {
                gates = SchedulerFeatureGates.Parse(parse.GetValue(featureGates));
            }
            catch (InvalidSchedulerConfigException e)
            {
                await Console.Error.WriteLineAsync("invalid --feature-gates: " + string.Join("; ", e.Errors));
                return 1;
            }
            using var loggers = LoggerFactory.Create(b => Logging.Configure(b, parse.GetValue(debug)));
            using var client = ApiClient.FromKubeconfig(parse.GetValue(kubeconfig)!);
            var options = new SchedulerHostOptions
            {
                ConfigFile = parse.GetValue(config), LeaderElect = parse.GetValue(leaderElect), OpportunisticBatching = gates.OpportunisticBatching,
            };
            var host = new SchedulerHost(client, options, loggers);
            var port = parse.GetValue(securePort);
            await using var endpoint = port == 0 ? null
                : SchedulerHttpServer.Start(parse.GetValue(bindAddress)!, port, host.WriteMetrics, () => host.IsSynced);
            try
            {
                await host.RunAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            return 0;
        });
        return command;
    }
}
