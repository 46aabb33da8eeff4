using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Batch;

/// <summary>
/// <c>kubectl get jobs</c>: NAME STATUS COMPLETIONS DURATION AGE [CONTAINERS IMAGES SELECTOR].
/// STATUS precedence: Complete, Failed, Terminating, Suspended, FailureTarget, else Running.
/// </summary>
internal sealed class JobPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Status", "Status of the job."),
        Col.Str("Completions", Docs.JobStatusSucceeded),
        Col.Str("Duration", "Time required to complete the job."),
        Col.Age(),
        .. Col.ContainersAndImages(),
        Col.WideStr("Selector", Docs.JobSpecSelector),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = Containers.Layout(obj.At("spec", "template", "spec"));
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(Status(obj)),
            Cell.Str(Completions(obj)),
            Cell.Str(Duration(obj, now)),
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(names),
            Cell.Str(images),
            Cell.Str(Labels.FormatSelector(obj.At("spec", "selector"))),
        ];
    }

    private static string Completions(JsonObject job)
    {
        var succeeded = job.Long("status", "succeeded");
        if (job.LongOrNull("spec", "completions") is { } completions)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{succeeded}/{completions}");
        }

        var parallelism = job.Long("spec", "parallelism");
        return parallelism > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{succeeded}/1 of {parallelism}")
            : string.Create(CultureInfo.InvariantCulture, $"{succeeded}/1");
    }

    private static string Duration(JsonObject job, DateTimeOffset now)
    {
        if (Timestamps.Read(job, "status", "startTime") is not { } start)
        {
            return "";
        }

        var end = Timestamps.Read(job, "status", "completionTime") ?? now;
        return HumanDuration.Format(end - start);
    }

    private static string Status(JsonObject job)
    {
        // The first condition of a type decides, as upstream's hasJobCondition.
        bool Has(string type) =>
            job.Objs("status", "conditions").FirstOrDefault(c => c.Str("type") == type)?.Str("status") == "True";

        if (Has("Complete"))
        {
            return "Complete";
        }

        if (Has("Failed"))
        {
            return "Failed";
        }

        if (job.Has("metadata", "deletionTimestamp"))
        {
            return "Terminating";
        }

        if (Has("Suspended"))
        {
            return "Suspended";
        }

        return Has("FailureTarget") ? "FailureTarget" : "Running";
    }
}
