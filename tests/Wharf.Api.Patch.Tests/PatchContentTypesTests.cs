namespace Wharf.Api.Patch.Tests;

public sealed class PatchContentTypesTests
{
    [Theory]
    [InlineData("application/json-patch+json", PatchType.Json)]
    [InlineData("application/merge-patch+json", PatchType.Merge)]
    [InlineData("application/strategic-merge-patch+json", PatchType.StrategicMerge)]
    [InlineData("application/apply-patch+yaml", PatchType.Apply)]
    [InlineData("Application/Merge-Patch+JSON; charset=utf-8", PatchType.Merge)]
    public void TryParse_KnownTypes(string contentType, PatchType expected)
    {
        Assert.True(PatchContentTypes.TryParse(contentType, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_RejectsOthers(string? contentType) => Assert.False(PatchContentTypes.TryParse(contentType, out _));
}
