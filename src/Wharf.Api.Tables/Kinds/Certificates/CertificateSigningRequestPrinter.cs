using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Certificates;

/// <summary>
/// <c>kubectl get csr</c>: NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION
/// (condition like <c>Approved,Issued</c> or <c>Pending</c>).
/// </summary>
internal sealed class CertificateSigningRequestPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Age(),
        Col.Str("SignerName", Docs.CsrSpecSignerName),
        Col.Str("Requestor", Docs.CsrSpecRequest),
        Col.Str("RequestedDuration", Docs.CsrSpecExpirationSeconds),
        Col.Str("Condition", Docs.CsrStatusConditions),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var duration = obj.LongOrNull("spec", "expirationSeconds") is { } seconds
            ? HumanDuration.Format(TimeSpan.FromSeconds(seconds))
            : Text.None;
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(Text.OrNone(obj.Str("spec", "signerName"))),
            Cell.Str(obj.Str("spec", "username")),
            Cell.Str(duration),
            Cell.Str(Condition(obj)),
        ];
    }

    private static string Condition(JsonObject csr)
    {
        var types = csr.Objs("status", "conditions").Select(c => c.Str("type")).ToHashSet(StringComparer.Ordinal);
        var status = types.Contains("Denied") ? "Denied" : types.Contains("Approved") ? "Approved" : "Pending";
        if (types.Contains("Failed"))
        {
            status += ",Failed";
        }

        if (csr.Str("status", "certificate").Length > 0)
        {
            status += ",Issued";
        }

        return status;
    }
}
