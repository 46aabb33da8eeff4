using System.Diagnostics;
using Prometheus;

namespace Wharf.Network.Dns;

/// <summary>The labelled metric children one kind of answer updates (request, response code, duration, cache hit).</summary>
internal sealed class AnswerMetrics(Counter.Child requests, Counter.Child responses, Histogram.Child duration, Counter.Child? cacheHit)
{
    public void Record(long receivedTimestamp)
    {
        requests.Inc();
        responses.Inc();
        cacheHit?.Inc();
        duration.Observe(Stopwatch.GetElapsedTime(receivedTimestamp).TotalSeconds);
    }
}
