using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

/// <summary>Webhook matchConditions as upstream's validateMatchConditions checks them, on both webhook kinds.</summary>
public sealed class MatchConditionValidationTests
{
    private static List<string> Validating(string conditions) =>
        StrategyRun.Create(Strategies.ValidatingWebhookConfiguration,
            "{'metadata':{'name':'w'},'webhooks':[{'name':'check.example.com','clientConfig':{'url':'https://hooks.example.com/check'},'sideEffects':'None','admissionReviewVersions':['v1'],'matchConditions':" + conditions + "}]}");

    private static string Conditions(int count) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"{{'name':'c{i}','expression':'true'}}")) + "]";

    [Theory]
    [InlineData("valid", "[{'name':'not-system','expression':'!(request.userInfo.username in [\\u0027admin\\u0027])'},{'name':'example.com/other','expression':'true'}]", "")]
    [InlineData("no expression", "[{'name':'a'}]", "webhooks[0].matchConditions[0].expression: Required value")]
    [InlineData("blank expression", "[{'name':'a','expression':'  '}]", "webhooks[0].matchConditions[0].expression: Required value")]
    [InlineData("no name", "[{'expression':'true'}]", "webhooks[0].matchConditions[0].name: Required value")]
    [InlineData("bad name", "[{'name':'-a','expression':'true'}]", "webhooks[0].matchConditions[0].name: Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("name twice", "[{'name':'a','expression':'true'},{'name':'a','expression':'false'}]", "webhooks[0].matchConditions[1].name: Duplicate value: \"a\"")]
    public void MatchConditions(string name, string conditions, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Validating(conditions));
    }

    [Theory]
    [InlineData(64, "")]
    [InlineData(65, "webhooks[0].matchConditions: Too many: 65: must have at most 64 items")]
    public void MatchConditions_AtMost64(int count, string expected) => StrategyRun.Expect(expected, Validating(Conditions(count)));

    [Fact]
    public void MatchConditions_OnMutatingWebhooksToo() =>
        StrategyRun.Expect("webhooks[0].matchConditions[0].expression: Required value",
            StrategyRun.Create(Strategies.MutatingWebhookConfiguration,
                "{'metadata':{'name':'w'},'webhooks':[{'name':'m.example.com','clientConfig':{'url':'https://hooks.example.com/m'},'sideEffects':'None','admissionReviewVersions':['v1'],'matchConditions':[{'name':'a'}]}]}"));
}
