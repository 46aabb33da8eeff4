namespace Wharf.Scheduler.Framework;

/// <summary>Resource amounts in scheduler units: milli-CPU, bytes, pod slots and scalar (extended) counts.</summary>
public sealed class Resource
{
    public long MilliCpu { get; set; }
    public long Memory { get; set; }
    public long EphemeralStorage { get; set; }
    public long AllowedPodNumber { get; set; }
    public Dictionary<string, long>? Scalar { get; private set; }

    public bool IsZero => MilliCpu == 0 && Memory == 0 && EphemeralStorage == 0 && (Scalar is null || Scalar.Values.All(v => v == 0));

    public long Get(string name) => name switch
    {
        ResourceNames.Cpu => MilliCpu,
        ResourceNames.Memory => Memory,
        ResourceNames.EphemeralStorage => EphemeralStorage,
        ResourceNames.Pods => AllowedPodNumber,
        _ => Scalar is not null && Scalar.TryGetValue(name, out var v) ? v : 0,
    };

    public void Set(string name, long value)
    {
        switch (name)
        {
            case ResourceNames.Cpu: MilliCpu = value; break;
            case ResourceNames.Memory: Memory = value; break;
            case ResourceNames.EphemeralStorage: EphemeralStorage = value; break;
            case ResourceNames.Pods: AllowedPodNumber = value; break;
            default:
                if (ResourceNames.IsScalar(name)) (Scalar ??= new(StringComparer.Ordinal))[name] = value;
                break;
        }
    }

    public void Add(Resource other) => Combine(other, 1);

    public void Subtract(Resource other) => Combine(other, -1);

    private void Combine(Resource other, int sign)
    {
        MilliCpu += sign * other.MilliCpu;
        Memory += sign * other.Memory;
        EphemeralStorage += sign * other.EphemeralStorage;
        AllowedPodNumber += sign * other.AllowedPodNumber;
        if (other.Scalar is null) return;
        foreach (var (k, v) in other.Scalar)
        {
            Scalar ??= new(StringComparer.Ordinal);
            Scalar[k] = Scalar.GetValueOrDefault(k) + sign * v;
        }
    }

    /// <summary>Per-resource maximum, used for the init-container rule.</summary>
    public void SetMax(Resource other)
    {
        MilliCpu = Math.Max(MilliCpu, other.MilliCpu);
        Memory = Math.Max(Memory, other.Memory);
        EphemeralStorage = Math.Max(EphemeralStorage, other.EphemeralStorage);
        AllowedPodNumber = Math.Max(AllowedPodNumber, other.AllowedPodNumber);
        if (other.Scalar is null) return;
        foreach (var (k, v) in other.Scalar)
        {
            Scalar ??= new(StringComparer.Ordinal);
            Scalar[k] = Math.Max(Scalar.GetValueOrDefault(k), v);
        }
    }

    public Resource Clone()
    {
        var r = new Resource { MilliCpu = MilliCpu, Memory = Memory, EphemeralStorage = EphemeralStorage, AllowedPodNumber = AllowedPodNumber };
        if (Scalar is not null) r.Scalar = new(Scalar, StringComparer.Ordinal);
        return r;
    }

    public override string ToString() =>
        $"cpu={MilliCpu}m memory={Memory} ephemeral-storage={EphemeralStorage} pods={AllowedPodNumber}" +
        (Scalar is null ? "" : " " + string.Join(" ", Scalar.Select(kv => $"{kv.Key}={kv.Value}")));
}
