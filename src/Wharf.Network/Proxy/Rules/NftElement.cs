namespace Wharf.Network.Proxy.Rules;

/// <summary>An element of one of the table's shared sets or maps: a key, plus the verdict when the set is a map.</summary>
internal sealed record NftElement(string Set, string Key, string? Value)
{
    public string Text => Value is null ? Key : $"{Key} : {Value}";
}
