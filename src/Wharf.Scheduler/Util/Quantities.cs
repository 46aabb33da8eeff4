using k8s.Models;

namespace Wharf.Scheduler.Util;

/// <summary>Converts <see cref="ResourceQuantity"/> once into scheduler units, rounding up as upstream's Value()/MilliValue().</summary>
internal static class Quantities
{
    public static long ToUnits(string resourceName, ResourceQuantity q)
    {
        var d = q.ToDecimal();
        if (resourceName == Framework.ResourceNames.Cpu) d *= 1000m;
        return (long)decimal.Ceiling(d);
    }

    public static Framework.Resource ToResource(IDictionary<string, ResourceQuantity>? list)
    {
        var r = new Framework.Resource();
        if (list is null) return r;
        foreach (var (name, q) in list) r.Set(name, ToUnits(name, q));
        return r;
    }
}
