using Wharf.Node.Agent.Stats;

namespace Wharf.Node.Tests.Stats;

public sealed class ProcParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ProcStat_busy_time_is_user_nice_system_irq_softirq_steal_in_ticks_of_10ms()
    {
        const string stat = "cpu  100 20 30 5000 40 5 6 7 50 0\ncpu0 50 10 15 2500 20 2 3 3 25 0\nbtime 1700000000\n";

        // 100 + 20 + 30 + 5 + 6 + 7 = 168 ticks; idle, iowait and guest (already in user) left out.
        Assert.Equal(1_680_000_000UL, ProcStatParser.UsageCoreNanoSeconds(stat));
    }

    [Fact]
    public void MemInfo_gives_usage_working_set_and_available_in_bytes()
    {
        const string meminfo = "MemTotal:       8000000 kB\nMemFree:        2000000 kB\nMemAvailable:   5000000 kB\n" +
                               "AnonPages:      1500000 kB\nInactive(file):  1000000 kB\n";

        var memory = MemInfoParser.Parse(meminfo, Now);

        Assert.Equal(6_000_000UL * 1024, memory.UsageBytes);
        Assert.Equal(5_000_000UL * 1024, memory.WorkingSetBytes);
        Assert.Equal(1_500_000UL * 1024, memory.RssBytes);
        Assert.Equal(3_000_000UL * 1024, memory.AvailableBytes);
    }

    [Fact]
    public void NetDev_reads_rx_and_tx_bytes_and_errors_and_skips_loopback()
    {
        const string netDev = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:     500       5    0    0    0     0          0         0      500       5    0    0    0     0       0          0
              eth0:   12345      90    2    0    0     0          0         0     6789      70    1    0    0     0       0          0
            """;

        var interfaces = NetDevParser.Parse(netDev);
        var network = NetDevParser.ToNetwork(interfaces, Now);

        Assert.Equal([new InterfaceStats("eth0", 12345, 2, 6789, 1)], interfaces);
        Assert.Equal("eth0", network.Default!.Name);
    }
}
