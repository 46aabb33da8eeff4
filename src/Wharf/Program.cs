using System.CommandLine;
using Wharf.Cli;

// The one Wharf binary: `wharf server` runs the control plane (and, later, a local node agent).
var root = new RootCommand("Wharf: a Kubernetes-compatible container orchestrator in one binary.")
{
    ServerCommand.Create(),
    AgentCommand.Create(),
    SchedulerCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
