using Wharf.Bench.Measurement;
using Wharf.Bench.Processes;
using Wharf.Bench.Scenarios;

namespace Wharf.Bench.Reporting;

/// <summary>Everything one run measured, handed to the report.</summary>
internal sealed record BenchFigures(
    Latencies ColdStarts,
    ProcessMemory Idle,
    int ListedObjects,
    Throughput Fill,
    ProcessMemory Filled,
    Latencies Gets,
    ListFigures Lists,
    ProcessMemory AfterLists,
    WatchFigures Watch,
    int Watchers,
    IReadOnlyList<WriteFigures> WharfWrites,
    ProcessMemory End,
    IReadOnlyList<WriteFigures> EtcdWrites);
