using System.Text;
using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Rest;
using Wharf.JsonTrees;

namespace Wharf.Controllers.Tests;

public sealed class StatusWriteBodyTests
{
    public static TheoryData<string> Objects => new()
    {
        """{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web","namespace":"app","labels":{"a":"caf\u00e9 <&>"},"generation":3},"spec":{"replicas":5},"status":{"replicas":4,"observedGeneration":2}}""",
        """{"metadata":{"name":"web"},"status":null,"spec":{"x":[1,2.50,null,true]}}""",
        """{"metadata":{"name":"web"},"spec":{"replicas":1}}""",
        """{"status":{"old":true},"metadata":{"name":"first"}}""",
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void Write_IsWhatADeepCopyWithTheStatusWrites(string json)
    {
        var status = new JsonObject { ["replicas"] = 5, ["readyReplicas"] = 3, ["conditions"] = new JsonArray(new JsonObject { ["type"] = "X", ["message"] = "\"q\" +" }) };
        // As the informers build their objects, and as a parse does.
        foreach (var obj in new[] { JsonTreeReader.Parse(Encoding.UTF8.GetBytes(json))!.AsObject(), JsonNode.Parse(json)!.AsObject() })
        {
            var before = obj.ToJsonString();
            var copy = (JsonObject)obj.DeepClone();
            copy["status"] = status.DeepClone();
            var expected = JsonBody.Write(copy, static (w, n) => n.WriteTo(w));

            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(StatusWriteBody.Write(obj, status)));
            Assert.Equal(before, obj.ToJsonString());
        }
    }
}
