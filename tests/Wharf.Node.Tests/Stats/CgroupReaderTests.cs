using Wharf.Node.Agent.Stats;

namespace Wharf.Node.Tests.Stats;

public sealed class CgroupReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const string Pod = "/kubepods/burstable/pod-1";

    [Fact]
    public void V1_reads_cpuacct_and_memory_with_working_set_net_of_inactive_file()
    {
        using var tree = new FakeTree()
            .Write($"cpuacct{Pod}/cpuacct.usage", "123456789\n")
            .Write($"memory{Pod}/memory.usage_in_bytes", "50000000\n")
            .Write($"memory{Pod}/memory.limit_in_bytes", "134217728\n")
            .Write($"memory{Pod}/memory.stat", "cache 1\nrss 2\ntotal_rss 30000000\ntotal_inactive_file 8000000\ntotal_pgfault 77\ntotal_pgmajfault 3\n")
            .Write($"pids{Pod}/pids.current", "4\n");
        var reader = new CgroupReader(tree.Root);

        var cpu = reader.Cpu(Pod, Now);
        var memory = reader.Memory(Pod, Now);

        Assert.Equal(123456789UL, cpu!.UsageCoreNanoSeconds);
        Assert.Equal(new MemoryStats(Now, 50_000_000, 42_000_000, 30_000_000, 77, 3, 134_217_728 - 42_000_000), memory);
        Assert.Equal(4UL, reader.ProcessCount(Pod));
    }

    [Fact]
    public void V2_reads_cpu_stat_in_microseconds_and_memory_current()
    {
        using var tree = new FakeTree()
            .Write("cgroup.controllers", "cpu memory pids\n")
            .Write($"{Pod}/cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n")
            .Write($"{Pod}/memory.current", "9000000\n")
            .Write($"{Pod}/memory.max", "max\n")
            .Write($"{Pod}/memory.stat", "anon 6000000\nfile 3000000\ninactive_file 1000000\npgfault 10\npgmajfault 1\n");
        var reader = new CgroupReader(tree.Root);

        var cpu = reader.Cpu(Pod, Now);
        var memory = reader.Memory(Pod, Now);

        Assert.Equal(2_500_000_000UL, cpu!.UsageCoreNanoSeconds);
        Assert.Equal(new MemoryStats(Now, 9_000_000, 8_000_000, 6_000_000, 10, 1, null), memory);
    }

    [Theory]
    [InlineData("v1 unlimited (page-aligned max long)", "9223372036854771712", null)]
    [InlineData("limit below working set", "1000", 0UL)]
    [InlineData("limit above working set", "5000", 4000UL)]
    public void V1_available_is_limit_minus_working_set(string name, string limit, ulong? available)
    {
        using var tree = new FakeTree()
            .Write("memory/c/memory.usage_in_bytes", "1500")
            .Write("memory/c/memory.limit_in_bytes", limit)
            .Write("memory/c/memory.stat", "total_inactive_file 500\n");

        var memory = new CgroupReader(tree.Root).Memory("/c", Now);

        Assert.True(memory!.AvailableBytes == available, $"{name}: {memory.AvailableBytes}");
    }

    [Fact]
    public void A_cgroup_that_is_gone_reads_as_null()
    {
        using var tree = new FakeTree().Write("memory/other/memory.usage_in_bytes", "1");
        var reader = new CgroupReader(tree.Root);

        Assert.Null(reader.Cpu(Pod, Now));
        Assert.Null(reader.Memory(Pod, Now));
        Assert.False(reader.Exists(Pod));
        Assert.Null(reader.FirstProcess(Pod));
    }

    [Fact]
    public void FirstProcess_is_the_first_pid_in_cgroup_procs()
    {
        using var tree = new FakeTree().Write($"memory{Pod}/sandbox/cgroup.procs", "4242\n4250\n");

        Assert.Equal(4242, new CgroupReader(tree.Root).FirstProcess($"{Pod}/sandbox"));
    }
}
