using System.Text.Json.Nodes;
using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests.CustomResources;

public sealed class CustomResourceTableConvertorTests
{
    private static readonly JsonArray PrinterColumns = BuildPrinterColumns();

    private static JsonArray BuildPrinterColumns()
    {
        var columns = J("""
        {'c':[
          {'name':'Replicas','type':'integer','jsonPath':'.spec.replicas'},
          {'name':'Ready','type':'string','jsonPath':'','description':'Readiness'},
          {'name':'Ratio','type':'number','jsonPath':'.status.ratio','priority':1},
          {'name':'Paused','type':'boolean','jsonPath':'.spec.paused'},
          {'name':'App','type':'string','jsonPath':'.metadata.labels.app\\.kubernetes\\.io/name'},
          {'name':'Last','type':'date','jsonPath':'.status.lastRun'},
          {'name':'Tags','type':'string','jsonPath':'.spec.tags'},
          {'name':'First','type':'string','format':'byte','jsonPath':'.spec.items[0].name'}
        ]}
        """)["c"]!.AsArray();
        columns[1]!["jsonPath"] = ".status.conditions[?(@.type==\"Ready\")].status";
        return columns;
    }

    [Fact]
    public void Columns_follow_printer_columns_after_name()
    {
        var convertor = TableConvertors.ForCustomResource(PrinterColumns);
        Assert.Equal(
            "Name:string:name | Replicas:integer | Ready:string | Ratio:number* | Paused:boolean | App:string | Last:date | Tags:string | First:string:byte",
            Columns(convertor));
        Assert.Equal("Custom resource definition column (in JSONPath format): .spec.replicas", convertor.Columns[1].Description);
        Assert.Equal("Readiness", convertor.Columns[2].Description);
    }

    [Theory]
    [InlineData("all values present",
        "{'metadata':{'name':'db','labels':{'app.kubernetes.io/name':'pg'}},'spec':{'replicas':3,'paused':false,'tags':['a','b'],'items':[{'name':'one'},{'name':'two'}]},'status':{'ratio':0.5,'lastRun':'2024-06-01T11:55:00Z','conditions':[{'type':'Synced','status':'False'},{'type':'Ready','status':'True'}]}}",
        """["db",3,"True",0.5,false,"pg","5m","[a b]","one"]""")]
    [InlineData("missing values are null cells",
        "{'metadata':{'name':'db'}}",
        """["db",null,null,null,null,null,null,null,null]""")]
    [InlineData("mistyped values are null, floats truncate to integers",
        "{'metadata':{'name':'db'},'spec':{'replicas':2.7,'paused':'yes','items':[]},'status':{'ratio':'high','lastRun':'yesterday'}}",
        """["db",2,null,null,null,null,"<invalid>",null,null]""")]
    public void Prints_typed_cells(string name, string obj, string expected)
    {
        Assert.Equal(expected, Row(TableConvertors.ForCustomResource(PrinterColumns), J(obj)));
    }

    [Fact]
    public void Without_printer_columns_prints_name_and_age()
    {
        var convertor = TableConvertors.ForCustomResource(null);
        Assert.Equal("Name:string:name | Age:date", Columns(convertor));
        Assert.Equal("""["db","3h4m"]""", Row(convertor, J("{'metadata':{'name':'db','creationTimestamp':'2024-06-01T08:56:00Z'}}")));
    }

    [Fact]
    public void Unsupported_path_keeps_the_columns_before_it()
    {
        var columns = J("{'c':[{'name':'A','type':'string','jsonPath':'.spec.a'},{'name':'B','type':'string','jsonPath':'..deep'},{'name':'C','type':'string','jsonPath':'.spec.c'}]}")["c"]!.AsArray();
        Assert.Equal("Name:string:name | A:string", Columns(TableConvertors.ForCustomResource(columns)));
    }

    [Theory]
    [InlineData("map printed like Go", "{'metadata':{'name':'x'},'spec':{'v':{'b':1,'a':'s'}}}", """["x","map[a:s b:1]"]""")]
    [InlineData("large float in exponent form", "{'metadata':{'name':'x'},'spec':{'v':1e6}}", """["x","1e+06"]""")]
    [InlineData("integer stays integral", "{'metadata':{'name':'x'},'spec':{'v':1000000}}", """["x","1000000"]""")]
    [InlineData("boolean", "{'metadata':{'name':'x'},'spec':{'v':true}}", """["x","true"]""")]
    [InlineData("list printed like Go", "{'metadata':{'name':'x'},'spec':{'v':[1,2,3]}}", """["x","[1 2 3]"]""")]
    public void String_columns_print_go_values(string name, string obj, string expected)
    {
        var columns = J("{'c':[{'name':'V','type':'string','jsonPath':'.spec.v'}]}")["c"]!.AsArray();
        Assert.Equal(expected, Row(TableConvertors.ForCustomResource(columns), J(obj)));
    }
}
