namespace Wharf.Api.Protobuf.Tests;

/// <summary>The captured kubectl bodies under Fixtures/ (copied next to the test assembly).</summary>
internal static class Fixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IEnumerable<string> Names =>
        System.IO.Directory.GetFiles(Directory, "*.bin").Select(Path.GetFileNameWithoutExtension).Order()!;

    public static byte[] Body(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".bin"));

    public static string ExpectedJson(string name) => File.ReadAllText(Path.Combine(Directory, name + ".json"));

    public static TheoryData<string> All() => new(Names);
}
