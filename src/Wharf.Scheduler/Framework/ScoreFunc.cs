using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>A Score plugin's Score bound as a delegate: a plain indirect call where the shared interface call site went through polymorphic dispatch stubs.</summary>
internal delegate Status ScoreFunc(CycleState state, V1Pod pod, NodeInfo nodeInfo, out long score);
