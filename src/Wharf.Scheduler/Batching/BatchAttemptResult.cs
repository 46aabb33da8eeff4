namespace Wharf.Scheduler.Batching;

/// <summary>Values of the result label of scheduler_batch_attempts_total (upstream's).</summary>
public static class BatchAttemptResult
{
    public const string NoHint = "no_hint";
    public const string HintUsed = "hint_used";
    public const string HintNotUsed = "hint_not_used";
}
