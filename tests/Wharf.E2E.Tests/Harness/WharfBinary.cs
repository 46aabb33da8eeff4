using System.Reflection;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// Finds the <c>wharf.dll</c> built by the ProjectReference, in the same configuration as this test assembly,
/// so a Release test run never starts a stale Debug server.
/// </summary>
public static class WharfBinary
{
    /// <summary>The folder holding Wharf.sln (also where scripts/ and out/ live).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        var configuration = typeof(WharfBinary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "WharfConfiguration")?.Value ?? "Debug";
        var dll = Path.Combine(RepositoryRoot, "src", "Wharf", "bin", configuration, "net10.0", "wharf.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"wharf.dll not found at {dll}; build src/Wharf in {configuration} first", dll);
        return dll;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Wharf.sln above {AppContext.BaseDirectory}");
    }
}
