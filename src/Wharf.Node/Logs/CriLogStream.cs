namespace Wharf.Node.Logs;

/// <summary>Which output a CRI log line came from.</summary>
public enum CriLogStream
{
    Stdout,
    Stderr,
}
