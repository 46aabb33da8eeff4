using System.Text.Json.Nodes;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>
/// The outcome of one health pass over a node: the Ready status it had and has now, and the conditions to write
/// to its status when the controller had to mark them Unknown (null when nothing changed).
/// </summary>
public sealed record NodeHealthCheck(string? ObservedReady, string? CurrentReady, JsonArray? NewConditions);
