namespace Wharf.Api.Protobuf.Schema;

/// <summary>One protobuf message: its fields in upstream's Go struct order (the JSON property order).</summary>
internal sealed class MessageDescriptor
{
    private readonly Dictionary<int, int> _indexByNumber;

    public MessageDescriptor(string fullName, string package, IReadOnlyList<FieldDescriptor> fields, WellKnownType wellKnown)
    {
        FullName = fullName;
        Package = package;
        Name = fullName[(package.Length + 1)..];
        Fields = fields;
        WellKnown = wellKnown;
        _indexByNumber = new Dictionary<int, int>(fields.Count);
        for (var i = 0; i < fields.Count; i++)
        {
            _indexByNumber[fields[i].Number] = i;
        }
    }

    public string FullName { get; }

    public string Package { get; }

    public string Name { get; }

    public IReadOnlyList<FieldDescriptor> Fields { get; }

    public WellKnownType WellKnown { get; }

    /// <summary>Finds a field by number; <paramref name="index"/> is its position in <see cref="Fields"/>.</summary>
    public bool TryGetField(int number, out int index) => _indexByNumber.TryGetValue(number, out index);

    public FieldDescriptor? FieldByNumber(int number) => TryGetField(number, out var index) ? Fields[index] : null;

    public override string ToString() => FullName;
}
