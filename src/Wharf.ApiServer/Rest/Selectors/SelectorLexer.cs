namespace Wharf.ApiServer.Rest.Selectors;

internal enum SelectorToken { End, Identifier, In, NotIn, Equals, DoubleEquals, NotEquals, Not, Greater, Less, Open, Close, Comma }

/// <summary>
/// Splits a label selector into tokens the way upstream's labels lexer does: whitespace separates, the symbols
/// <c>! ( ) , = &lt; &gt;</c> are operators (longest match), everything else forms identifiers; <c>in</c> and <c>notin</c>
/// are keywords.
/// </summary>
internal sealed class SelectorLexer(string text)
{
    private int _position;

    public (SelectorToken Token, string Literal) Next()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position])) _position++;
        if (_position >= text.Length) return (SelectorToken.End, "");
        var c = text[_position];
        if (IsSpecial(c))
        {
            var two = _position + 1 < text.Length ? text.Substring(_position, 2) : null;
            switch (two)
            {
                case "!=": _position += 2; return (SelectorToken.NotEquals, two);
                case "==": _position += 2; return (SelectorToken.DoubleEquals, two);
            }
            _position++;
            return c switch
            {
                '!' => (SelectorToken.Not, "!"),
                '(' => (SelectorToken.Open, "("),
                ')' => (SelectorToken.Close, ")"),
                ',' => (SelectorToken.Comma, ","),
                '=' => (SelectorToken.Equals, "="),
                '>' => (SelectorToken.Greater, ">"),
                _ => (SelectorToken.Less, "<"),
            };
        }
        var start = _position;
        while (_position < text.Length && !char.IsWhiteSpace(text[_position]) && !IsSpecial(text[_position])) _position++;
        var word = text[start.._position];
        return word switch
        {
            "in" => (SelectorToken.In, word),
            "notin" => (SelectorToken.NotIn, word),
            _ => (SelectorToken.Identifier, word),
        };
    }

    public (SelectorToken Token, string Literal) Peek()
    {
        var saved = _position;
        var token = Next();
        _position = saved;
        return token;
    }

    private static bool IsSpecial(char c) => c is '!' or '(' or ')' or ',' or '=' or '<' or '>';
}
