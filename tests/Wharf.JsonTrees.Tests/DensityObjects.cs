namespace Wharf.JsonTrees.Tests;

/// <summary>The stored objects of a density run in Fixtures/ (UTF-8 JSON, one object per file), as test data.</summary>
public static class DensityObjects
{
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var path in Directory.GetFiles(Folder, "density-*.json").Order()) names.Add(Path.GetFileName(path));
            return names;
        }
    }

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");
}
