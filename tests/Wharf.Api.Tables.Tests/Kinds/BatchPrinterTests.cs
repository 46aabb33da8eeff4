using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests.Kinds;

public sealed class BatchPrinterTests
{
    private const string Meta = "'metadata':{'name':'pi','creationTimestamp':'2024-06-01T11:50:00Z'}";
    private const string Template = "'template':{'spec':{'containers':[{'name':'pi','image':'perl'}]}}";
    private const string Sel = "'selector':{'matchLabels':{'batch.kubernetes.io/controller-uid':'u1'}}";

    [Theory]
    [InlineData("running job",
        "{" + Meta + ",'spec':{'completions':3,'parallelism':1," + Sel + "," + Template + "},'status':{'succeeded':1,'startTime':'2024-06-01T11:50:00Z'}}",
        """["pi","Running","1/3","10m","10m","pi","perl","batch.kubernetes.io/controller-uid=u1"]""")]
    [InlineData("complete job uses completion time",
        "{" + Meta + ",'spec':{'completions':1," + Sel + "," + Template + "},'status':{'succeeded':1,'startTime':'2024-06-01T11:50:00Z','completionTime':'2024-06-01T11:50:45Z','conditions':[{'type':'Complete','status':'True'}]}}",
        """["pi","Complete","1/1","45s","10m","pi","perl","batch.kubernetes.io/controller-uid=u1"]""")]
    [InlineData("failed job",
        "{" + Meta + ",'spec':{'completions':1," + Sel + "," + Template + "},'status':{'failed':1,'startTime':'2024-06-01T11:50:00Z','conditions':[{'type':'FailureTarget','status':'True'},{'type':'Failed','status':'True'}]}}",
        """["pi","Failed","0/1","10m","10m","pi","perl","batch.kubernetes.io/controller-uid=u1"]""")]
    [InlineData("failure target only",
        "{" + Meta + ",'spec':{'completions':1," + Sel + "," + Template + "},'status':{'conditions':[{'type':'FailureTarget','status':'True'}]}}",
        """["pi","FailureTarget","0/1","","10m","pi","perl","batch.kubernetes.io/controller-uid=u1"]""")]
    [InlineData("suspended work queue with parallelism",
        "{" + Meta + ",'spec':{'parallelism':3,'suspend':true," + Sel + "," + Template + "},'status':{'conditions':[{'type':'Suspended','status':'True'}]}}",
        """["pi","Suspended","0/1 of 3","","10m","pi","perl","batch.kubernetes.io/controller-uid=u1"]""")]
    [InlineData("terminating job",
        "{'metadata':{'name':'pi','creationTimestamp':'2024-06-01T11:50:00Z','deletionTimestamp':'2024-06-01T11:59:00Z'},'spec':{'completions':2," + Sel + "," + Template + "},'status':{'succeeded':1}}",
        """["pi","Terminating","1/2","","10m","pi","perl","batch.kubernetes.io/controller-uid=u1"]""")]
    public void Prints_job(string name, string job, string expected)
    {
        Assert.Equal(expected, Row("batch", "jobs", J(job)));
    }

    [Theory]
    [InlineData("never scheduled",
        "{" + Meta + ",'spec':{'schedule':'*/5 * * * *','suspend':false,'jobTemplate':{'spec':{" + Template + "}}}}",
        """["pi","*/5 * * * *","<none>","False",0,"<none>","10m","pi","perl","<none>"]""")]
    [InlineData("active with time zone",
        "{" + Meta + ",'spec':{'schedule':'0 * * * *','timeZone':'Europe/Paris','suspend':true,'jobTemplate':{'spec':{" + Template + "}}},'status':{'active':[{'name':'pi-1'},{'name':'pi-2'}],'lastScheduleTime':'2024-06-01T11:58:00Z'}}",
        """["pi","0 * * * *","Europe/Paris","True",2,"2m","10m","pi","perl","<none>"]""")]
    public void Prints_cron_job(string name, string cronJob, string expected)
    {
        Assert.Equal(expected, Row("batch", "cronjobs", J(cronJob)));
    }
}
