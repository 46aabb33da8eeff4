using k8s.Models;

namespace Wharf.Scheduler.Tests.Builders;

/// <summary>Shorthand for API label selector expressions (the client models have no constructors).</summary>
internal static class SelectorRequirements
{
    public static V1LabelSelectorRequirement Of(string key, string op, IList<string>? values = null) =>
        new() { Key = key, OperatorProperty = op, Values = values };
}
