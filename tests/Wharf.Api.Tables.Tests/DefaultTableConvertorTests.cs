using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests;

public sealed class DefaultTableConvertorTests
{
    [Theory]
    [InlineData("creation timestamp in UTC", "{'metadata':{'name':'reader','creationTimestamp':'2024-06-01T13:00:00+02:00'}}", """["reader","2024-06-01T11:00:00Z"]""")]
    [InlineData("missing timestamp is Go's zero time", "{'metadata':{'name':'reader'}}", """["reader","0001-01-01T00:00:00Z"]""")]
    public void Prints_name_and_created_at(string name, string obj, string expected)
    {
        Assert.Equal(expected, Row(TableConvertors.Default, J(obj)));
    }

    [Fact]
    public void Columns_are_name_and_created_at_date()
    {
        Assert.Equal("Name:string:name | Created At:date", Columns(TableConvertors.Default));
        Assert.StartsWith("CreationTimestamp is a timestamp", TableConvertors.Default.Columns[1].Description);
    }
}
