using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Batch;

/// <summary>
/// <c>kubectl get cronjobs</c>: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE [CONTAINERS IMAGES SELECTOR].
/// </summary>
internal sealed class CronJobPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Schedule", Docs.CronSpecSchedule),
        Col.Str("Timezone", Docs.CronSpecTimeZone),
        Col.Bool("Suspend", Docs.CronSpecSuspend),
        Col.Int("Active", Docs.CronStatusActive),
        Col.Str("Last Schedule", Docs.CronStatusLastSchedule),
        Col.Age(),
        .. Col.ContainersAndImages(),
        Col.WideStr("Selector", Docs.JobSpecSelector),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var jobSpec = obj.At("spec", "jobTemplate", "spec");
        var (names, images) = Containers.Layout(jobSpec.At("template", "spec"));
        var lastSchedule = obj.Has("status", "lastScheduleTime") ? Timestamps.Since(obj, now, "status", "lastScheduleTime") : Text.None;

        // Upstream prints SUSPEND as the strings True/False (defaulting sets false) despite the boolean column type.
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(obj.Str("spec", "schedule")),
            Cell.Str(obj.StrOrNull("spec", "timeZone") ?? Text.None),
            Cell.Str(Text.Bool(obj.BoolOrNull("spec", "suspend") ?? false)),
            Cell.Int(obj.Count("status", "active")),
            Cell.Str(lastSchedule),
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(names),
            Cell.Str(images),
            Cell.Str(Labels.FormatSelector(jobSpec.At("selector"))),
        ];
    }
}
