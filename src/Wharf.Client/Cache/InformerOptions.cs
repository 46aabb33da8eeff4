namespace Wharf.Client.Cache;

/// <summary>Tuning of list+watch; the defaults are client-go's.</summary>
public sealed record InformerOptions
{
    /// <summary>Page size of the initial list.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Watches ask the server to end after a random time between this and twice this.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First delay after a failed list or watch; doubled per failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often due resyncs are checked.</summary>
    public TimeSpan ResyncCheckPeriod { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static readonly InformerOptions Default = new();
}
