using System.Net;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Hosting;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Allocation;

/// <summary>Cluster IP and node port allocation through the real store and admission chain.</summary>
public sealed class ServiceAllocatorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Task<JsonObject> CreateServiceAsync(StoreHarness h, string name, string spec, WriteOptions? options = null) =>
        h.CreateAsync("services", "default", $"{{'metadata':{{'name':'{name}'}},'spec':{spec}}}", options);

    /// <summary>The allocator learns about deletes through its store watch, so a freed address becomes usable shortly after.</summary>
    private static async Task<JsonObject> CreateEventuallyAsync(StoreHarness h, string name, string spec)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            try
            {
                return await CreateServiceAsync(h, name, spec);
            }
            catch (StatusException e) when (e.Code == 422 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    [Fact]
    public async Task Create_ClusterIPService_GetsAddressInRangeWithFamilies()
    {
        await using var h = await StoreHarness.OpenAsync();
        var svc = await CreateServiceAsync(h, "web", "{'ports':[{'port':80}]}");
        var spec = svc["spec"]!;
        var ip = IPAddress.Parse((string)spec["clusterIP"]!);
        var cidr = Cidr.Parse(StoreHarness.ServiceCidr);

        Assert.True(cidr.Contains(ip));
        Assert.True(cidr.OffsetOf(ip) >= 2, "network address and .1 (the kubernetes Service) are not handed out");
        Assert.Equal([ip.ToString()], spec["clusterIPs"]!.AsArray().Select(x => (string)x!));
        Assert.Equal(["IPv4"], spec["ipFamilies"]!.AsArray().Select(x => (string)x!));
        Assert.Equal("SingleStack", (string)spec["ipFamilyPolicy"]!);
    }

    [Fact]
    public async Task Create_TwoServices_GetDistinctAddresses()
    {
        await using var h = await StoreHarness.OpenAsync();
        var ips = new HashSet<string>();
        for (var i = 0; i < 10; i++)
            ips.Add((string)(await CreateServiceAsync(h, $"s{i}", "{'ports':[{'port':80}]}"))["spec"]!["clusterIP"]!);
        Assert.Equal(10, ips.Count);
    }

    [Fact]
    public async Task Create_RequestedAddressTaken_IsInvalidWithUpstreamMessage()
    {
        await using var h = await StoreHarness.OpenAsync();
        await CreateServiceAsync(h, "a", "{'clusterIP':'10.43.0.50','ports':[{'port':80}]}");
        var error = await Fails.StatusAsync(() => CreateServiceAsync(h, "b", "{'clusterIP':'10.43.0.50','ports':[{'port':80}]}"));
        Assert.Equal((422, "Invalid"), (error.Code, error.Reason));
        Assert.Equal("Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.43.0.50\"}: failed to allocate IP 10.43.0.50: provided IP is already allocated", error.Message);
        Assert.Null(await h.TryGetAsync("services", "default", "b"));
    }

    [Fact]
    public async Task Create_RequestedAddressOutOfRange_IsInvalidWithUpstreamMessage()
    {
        await using var h = await StoreHarness.OpenAsync();
        var error = await Fails.StatusAsync(() => CreateServiceAsync(h, "b", "{'clusterIP':'10.99.0.5','ports':[{'port':80}]}"));
        Assert.Equal("Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.99.0.5\"}: failed to allocate IP 10.99.0.5: the provided IP (10.99.0.5) is not in the valid range. The range of valid IPs is 10.43.0.0/16", error.Message);
    }

    [Fact]
    public async Task Create_Headless_KeepsNone()
    {
        await using var h = await StoreHarness.OpenAsync();
        var svc = await CreateServiceAsync(h, "db", "{'clusterIP':'None','ports':[{'port':5432}]}");
        Assert.Equal("None", (string)svc["spec"]!["clusterIP"]!);
        Assert.Equal(["None"], svc["spec"]!["clusterIPs"]!.AsArray().Select(x => (string)x!));
    }

    [Fact]
    public async Task Create_ExternalName_GetsNoClusterIP()
    {
        await using var h = await StoreHarness.OpenAsync();
        var svc = await CreateServiceAsync(h, "ext", "{'type':'ExternalName','externalName':'example.com'}");
        Assert.Null(svc["spec"]!["clusterIP"]);
        Assert.Null(svc["spec"]!["clusterIPs"]);
    }

    [Fact]
    public async Task Create_NodePort_AllocatesInDefaultRange()
    {
        await using var h = await StoreHarness.OpenAsync();
        var svc = await CreateServiceAsync(h, "np", "{'type':'NodePort','ports':[{'port':80},{'name':'b','port':81}]}".Replace("{'port':80}", "{'name':'a','port':80}"));
        var ports = svc["spec"]!["ports"]!.AsArray().Select(p => p!["nodePort"].Long()!.Value).ToList();
        Assert.All(ports, p => Assert.InRange(p, 30000, 32767));
        Assert.Equal(2, ports.Distinct().Count());
    }

    [Fact]
    public async Task Create_NodePortTaken_IsInvalidWithUpstreamMessage()
    {
        await using var h = await StoreHarness.OpenAsync();
        await CreateServiceAsync(h, "a", "{'type':'NodePort','ports':[{'port':80,'nodePort':30080}]}");
        var error = await Fails.StatusAsync(() => CreateServiceAsync(h, "b", "{'type':'NodePort','ports':[{'port':80,'nodePort':30080}]}"));
        Assert.Equal("Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated", error.Message);
    }

    [Fact]
    public async Task Create_NodePortOutOfRange_IsInvalidWithUpstreamMessage()
    {
        await using var h = await StoreHarness.OpenAsync();
        var error = await Fails.StatusAsync(() => CreateServiceAsync(h, "b", "{'type':'NodePort','ports':[{'port':80,'nodePort':80}]}"));
        Assert.Equal("Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767", error.Message);
    }

    [Fact]
    public async Task Create_ClusterIPServiceWithNodePort_DropsIt()
    {
        await using var h = await StoreHarness.OpenAsync();
        var svc = await CreateServiceAsync(h, "c", "{'ports':[{'port':80,'nodePort':30081}]}");
        Assert.Null(svc["spec"]!["ports"]![0]!["nodePort"]);
    }

    [Fact]
    public async Task Update_NodePortService_KeepsTheAllocatedAddressAndPort()
    {
        await using var h = await StoreHarness.OpenAsync();
        var created = await CreateServiceAsync(h, "web", "{'type':'NodePort','ports':[{'port':80}]}");
        var body = Json.Obj("{'metadata':{'name':'web'},'spec':{'type':'NodePort','ports':[{'port':80}],'selector':{'app':'web'}}}");
        var (updated, _) = await h.Store.UpdateAsync(h.Kind("services"), "default", "web", body, null, WriteOptions.Default, None);
        Assert.Equal((string)created["spec"]!["clusterIP"]!, (string)updated["spec"]!["clusterIP"]!);
        Assert.Equal(created["spec"]!["ports"]![0]!["nodePort"].Long(), updated["spec"]!["ports"]![0]!["nodePort"].Long());
    }

    [Fact]
    public async Task Update_ClusterIPServiceWithoutClusterIP_KeepsTheAllocatedOne()
    {
        await using var h = await StoreHarness.OpenAsync();
        var created = await CreateServiceAsync(h, "web", "{'ports':[{'port':80}]}");
        var body = Json.Obj("{'metadata':{'name':'web'},'spec':{'ports':[{'port':80}],'selector':{'app':'web'}}}");
        var (updated, _) = await h.Store.UpdateAsync(h.Kind("services"), "default", "web", body, null, WriteOptions.Default, None);
        Assert.Equal((string)created["spec"]!["clusterIP"]!, (string)updated["spec"]!["clusterIP"]!);
        Assert.Equal("web", (string)updated["spec"]!["selector"]!["app"]!);
    }

    [Fact]
    public async Task Delete_ReleasesAddressAndPort()
    {
        await using var h = await StoreHarness.OpenAsync();
        await CreateServiceAsync(h, "a", "{'type':'NodePort','clusterIP':'10.43.0.60','ports':[{'port':80,'nodePort':30090}]}");
        await h.Store.DeleteAsync(h.Kind("services"), "default", "a", new DeleteOptions(), None);

        var again = await CreateEventuallyAsync(h, "b", "{'type':'NodePort','clusterIP':'10.43.0.60','ports':[{'port':80,'nodePort':30090}]}");
        Assert.Equal("10.43.0.60", (string)again["spec"]!["clusterIP"]!);
    }

    [Fact]
    public async Task Restart_RebuildsAllocationsFromStoredServices()
    {
        await using var h = await StoreHarness.OpenAsync();
        await CreateServiceAsync(h, "a", "{'type':'NodePort','clusterIP':'10.43.0.70','ports':[{'port':80,'nodePort':30100}]}");
        await h.RestartAsync();
        // The fresh allocator lists the stored Services when it starts; give its first read a moment.
        await Task.Delay(500);

        var ipError = await Fails.StatusAsync(() => CreateServiceAsync(h, "b", "{'clusterIP':'10.43.0.70','ports':[{'port':80}]}"));
        var portError = await Fails.StatusAsync(() => CreateServiceAsync(h, "c", "{'type':'NodePort','ports':[{'port':80,'nodePort':30100}]}"));
        Assert.EndsWith("provided IP is already allocated", ipError.Message);
        Assert.EndsWith("provided port is already allocated", portError.Message);
    }

    [Fact]
    public async Task DryRunCreate_DoesNotReserveTheAddress()
    {
        await using var h = await StoreHarness.OpenAsync();
        await CreateServiceAsync(h, "a", "{'clusterIP':'10.43.0.80','ports':[{'port':80}]}", WriteOptions.Default with { DryRun = true });
        var real = await CreateServiceAsync(h, "b", "{'clusterIP':'10.43.0.80','ports':[{'port':80}]}");
        Assert.Equal("10.43.0.80", (string)real["spec"]!["clusterIP"]!);
    }
}
