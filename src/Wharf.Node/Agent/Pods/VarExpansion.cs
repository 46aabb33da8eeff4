using System.Text;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Kubernetes' <c>$(VAR)</c> expansion in env values, command and args: a defined name is replaced, <c>$$</c> is an
/// escaped <c>$</c>, and anything else (undefined names, unclosed references) stays as written.
/// </summary>
internal static class VarExpansion
{
    public static string Expand(string input, Func<string, string?> lookup)
    {
        if (!input.Contains('$'))
            return input;
        var output = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                output.Append(input[i]);
                continue;
            }
            var next = input[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i++;
            }
            else if (next == '(' && input.IndexOf(')', i + 2) is var close and > 0)
            {
                var name = input[(i + 2)..close];
                output.Append(lookup(name) ?? input[i..(close + 1)]);
                i = close;
            }
            else
            {
                output.Append('$');
            }
        }
        return output.ToString();
    }
}
