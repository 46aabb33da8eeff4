namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>OnStarting / OnCompleted callbacks of a response, run last registered first as Kestrel runs them.</summary>
internal sealed class CallbackList
{
    private readonly List<(Func<object, Task> Callback, object State)> _callbacks = [];

    public void Add(Func<object, Task> callback, object state) => _callbacks.Add((callback, state));

    /// <summary>Runs them all; the first failure is rethrown when <paramref name="throwOnError"/>, else ignored.</summary>
    public async Task RunAsync(bool throwOnError)
    {
        Exception? first = null;
        for (var i = _callbacks.Count - 1; i >= 0; i--)
        {
            try
            {
                await _callbacks[i].Callback(_callbacks[i].State).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }
        if (first is not null && throwOnError) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }
}
