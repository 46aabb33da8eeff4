namespace Wharf.Bench.Reporting;

/// <summary>How a figure compares with its target. Informational only: a miss never fails the run.</summary>
internal enum Verdict
{
    None,
    Pass,
    Miss,
}
