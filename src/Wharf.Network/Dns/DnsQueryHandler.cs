using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;

namespace Wharf.Network.Dns;

/// <summary>Turns one received query into a response: cluster zone and cluster PTRs locally, everything else upstream.</summary>
internal sealed class DnsQueryHandler(ClusterZoneResolver zone, UpstreamForwarder upstream, ILogger logger)
{
    public async Task<DnsMessage> AnswerAsync(DnsMessage query, CancellationToken ct)
    {
        var response = query.CreateResponseInstance();
        response.IsRecursionAllowed = true;
        if (query.Questions.Count != 1)
        {
            response.ReturnCode = ReturnCode.FormatError;
            return response;
        }
        var question = query.Questions[0];
        if (zone.IsInZone(question.Name))
        {
            response.IsAuthoritiveAnswer = true;
            Copy(zone.ResolveInZone(question), response);
            return response;
        }
        if (zone.ResolveReverse(question) is { } reverse)
        {
            response.IsAuthoritiveAnswer = true;
            Copy(reverse, response);
            return response;
        }
        if (!query.IsRecursionDesired)
        {
            response.ReturnCode = ReturnCode.Refused;
            return response;
        }
        var forwarded = await upstream.ForwardAsync(question, ct);
        if (forwarded is null)
        {
            logger.LogDebug("No upstream answer for {Name} {Type}", question.Name, question.RecordType);
            response.ReturnCode = ReturnCode.ServerFailure;
            return response;
        }
        response.ReturnCode = forwarded.ReturnCode;
        response.AnswerRecords.AddRange(forwarded.AnswerRecords);
        response.AuthorityRecords.AddRange(forwarded.AuthorityRecords);
        // The OPT pseudo-record belongs to the upstream hop; the server adds its own when the client used EDNS.
        response.AdditionalRecords.AddRange(forwarded.AdditionalRecords.Where(r => r is not OptRecord));
        return response;
    }

    private static void Copy(ClusterAnswer answer, DnsMessage response)
    {
        response.ReturnCode = answer.ReturnCode;
        response.AnswerRecords.AddRange(answer.Answers);
        response.AuthorityRecords.AddRange(answer.Authority);
        response.AdditionalRecords.AddRange(answer.Additional);
    }
}
