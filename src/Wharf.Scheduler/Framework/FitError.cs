using System.Globalization;
using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// The pod fits no node. <see cref="Message"/> reproduces upstream's FailedScheduling text: a histogram of reasons
/// ("2 Insufficient cpu") sorted as strings, each section ending with ". ".
/// </summary>
public sealed class FitError(V1Pod pod, int numAllNodes, Diagnosis diagnosis) : Exception
{
    public const string NoNodeAvailableFormat = "0/{0} nodes are available";

    public V1Pod Pod { get; } = pod;
    public int NumAllNodes { get; } = numAllNodes;
    public Diagnosis Diagnosis { get; } = diagnosis;

    public override string Message
    {
        get
        {
            var msg = string.Format(CultureInfo.InvariantCulture, NoNodeAvailableFormat, NumAllNodes) + ":";
            if (Diagnosis.PreFilterMsg.Length > 0)
            {
                msg += $" {Diagnosis.PreFilterMsg}.";
            }
            else
            {
                var histogram = ReasonHistogram(Diagnosis.NodeToStatus, NumAllNodes);
                if (histogram.Length > 0) msg += $" {histogram}.";
            }
            // The PostFilter message carries its own final period.
            if (Diagnosis.PostFilterMsg.Length > 0) msg += $" {Diagnosis.PostFilterMsg}";
            return msg;
        }
    }

    /// <summary>"N reason" entries over all nodes (absent nodes counted with the absent status), ordinal-sorted, comma-joined.</summary>
    public static string ReasonHistogram(NodeToStatus statuses, int numAllNodes)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, status) in statuses.Entries)
            foreach (var r in status.Reasons) counts[r] = counts.GetValueOrDefault(r) + 1;
        var absent = numAllNodes - statuses.Count;
        if (absent > 0)
            foreach (var r in statuses.AbsentNodesStatus.Reasons) counts[r] = counts.GetValueOrDefault(r) + absent;
        var entries = counts.Select(kv => $"{kv.Value} {kv.Key}").ToList();
        entries.Sort(StringComparer.Ordinal);
        return string.Join(", ", entries);
    }
}
