using System.CommandLine;

namespace Wharf.Cli;

/// <summary><c>wharf agent</c>: joins a node to a cluster. The node agent is not built yet; the command says so.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server", "-s") { Description = "URL of the server to join, e.g. https://10.0.0.1:6443", Required = true };
        var token = new Option<string>("--token", "-t") { Description = "The server's join token", Required = true };
        var nodeName = new Option<string>("--node-name") { Description = "Name of this node" };
        var dataDir = new Option<string>("--data-dir", "-d") { Description = "Folder for the agent's state" };
        var command = new Command("agent", "Run a node agent that joins an existing server (not available yet)") { server, token, nodeName, dataDir };
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("error: the node agent is not implemented in this build of wharf yet");
            return 1;
        });
        return command;
    }
}
