namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Times one pod's first start, from the moment its worker was created (the pod admitted) to its first status with
/// every container running, step by step into <see cref="PodStartupSteps"/>. Steps recorded after that (restarts,
/// resyncs) are ignored. Pods adopted from a previous agent run get no timer.
/// </summary>
internal sealed class PodStartupTimer(PodStartupSteps steps, TimeProvider time)
{
    private readonly long _arrived = time.GetTimestamp();
    private bool _done;
    private bool _synced;

    public bool IsDone => Volatile.Read(ref _done);

    /// <summary>A timestamp to pass to <see cref="Record"/> when the step ends.</summary>
    public long Mark() => time.GetTimestamp();

    public void Record(string step, long since)
    {
        if (!IsDone)
            steps.Record(step, time.GetElapsedTime(since));
    }

    /// <summary>The first sync pass begins: the time since the worker's creation is its wait for a thread.</summary>
    public void FirstSync()
    {
        if (_synced)
            return;
        _synced = true;
        Record(PodStartupSteps.Queue, _arrived);
    }

    /// <summary>Time from the worker's creation to now, once.</summary>
    public void Complete()
    {
        if (IsDone)
            return;
        steps.Record(PodStartupSteps.Total, time.GetElapsedTime(_arrived));
        Volatile.Write(ref _done, true);
    }
}
