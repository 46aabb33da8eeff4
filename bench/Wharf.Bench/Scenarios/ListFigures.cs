using Wharf.Bench.Measurement;

namespace Wharf.Bench.Scenarios;

/// <summary>Unpaged LIST latencies to the last byte and to the response headers, the body size and the server CPU spent.</summary>
internal sealed record ListFigures(Latencies Total, Latencies FirstByte, long BodyBytes, CpuUsage Cpu);
