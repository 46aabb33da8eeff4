namespace Wharf.ApiServer.Rest.Selectors;

/// <summary>A cursor over selector text that skips spaces between tokens.</summary>
internal sealed class SelectorLexer(string text)
{
    private int _position;

    public bool AtEnd
    {
        get
        {
            SkipSpaces();
            return _position >= text.Length;
        }
    }

    public string Rest => text[_position..];

    public bool Peek(string token)
    {
        SkipSpaces();
        return string.CompareOrdinal(text, _position, token, 0, token.Length) == 0;
    }

    public bool TryConsume(string token)
    {
        if (!Peek(token)) return false;
        _position += token.Length;
        return true;
    }

    /// <summary>Consumes a keyword (in, notin) only when followed by a space or '('.</summary>
    public bool TryConsumeWord(string word)
    {
        if (!Peek(word)) return false;
        var after = _position + word.Length;
        if (after < text.Length && text[after] is not (' ' or '(')) return false;
        _position = after;
        return true;
    }

    /// <summary>Reads a key or value: anything up to an operator, separator or space.</summary>
    public string? ReadIdentifier()
    {
        SkipSpaces();
        var start = _position;
        while (_position < text.Length && text[_position] is not (' ' or ',' or '=' or '!' or '(' or ')' or '<' or '>'))
            _position++;
        return _position > start ? text[start.._position] : null;
    }

    private void SkipSpaces()
    {
        while (_position < text.Length && text[_position] == ' ') _position++;
    }
}
