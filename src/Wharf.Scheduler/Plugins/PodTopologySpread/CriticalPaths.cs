namespace Wharf.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// The two domains with the fewest matching pods, maintained incrementally exactly like upstream (so results
/// match it even where upstream's shortcut is approximate).
/// </summary>
internal sealed class CriticalPaths
{
    private (string Value, int Num) _first = ("", int.MaxValue);
    private (string Value, int Num) _second = ("", int.MaxValue);

    public int Min => _first.Num;

    public void Update(string value, int num)
    {
        if (value == _first.Value || value == _second.Value)
        {
            if (value == _first.Value) _first.Num = num;
            else _second.Num = num;
            if (_first.Num > _second.Num) (_first, _second) = (_second, _first);
        }
        else if (num < _first.Num)
        {
            _second = _first;
            _first = (value, num);
        }
        else if (num < _second.Num)
        {
            _second = (value, num);
        }
    }

    public CriticalPaths Copy() => new() { _first = _first, _second = _second };
}
