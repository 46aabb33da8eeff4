namespace Wharf.Scheduler.Framework;

/// <summary>Immutable result of a plugin call. "Does not fit" is a status, never an exception.</summary>
public sealed record Status(StatusCode Code, IReadOnlyList<string> Reasons, string? Plugin = null, Exception? Error = null)
{
    public static readonly Status Success = new(StatusCode.Success, []);
    public static readonly Status SkipStatus = new(StatusCode.Skip, []);

    public bool IsSuccess => Code == StatusCode.Success;
    public bool IsSkip => Code == StatusCode.Skip;
    public bool IsWait => Code == StatusCode.Wait;

    /// <summary>True for the codes that mean "this pod does not fit" rather than a fault.</summary>
    public bool IsRejected => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable or StatusCode.Pending;

    public string Message => string.Join(", ", Reasons);

    public static Status Unschedulable(params string[] reasons) => new(StatusCode.Unschedulable, reasons);
    public static Status Unresolvable(params string[] reasons) => new(StatusCode.UnschedulableAndUnresolvable, reasons);
    public static Status Of(StatusCode code, params string[] reasons) => new(code, reasons);
    public static Status FromError(Exception error) => new(StatusCode.Error, [error.Message], null, error);
    public static Status FromError(string message) => FromError(new InvalidOperationException(message));

    public Status WithPlugin(string plugin) => Plugin == plugin ? this : this with { Plugin = plugin };

    public override string ToString() => Plugin is null ? $"{Code}: {Message}" : $"{Code} ({Plugin}): {Message}";
}
