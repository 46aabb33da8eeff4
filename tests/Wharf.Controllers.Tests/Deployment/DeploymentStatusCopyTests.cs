using System.Reflection;
using System.Text;
using k8s.Models;
using Wharf.Controllers.Deployment;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.Deployment;

public sealed class DeploymentStatusCopyTests
{
    [Fact]
    public void Copy_OfEveryMember_IsWhatTheCopyThroughTheTextReads()
    {
        // Every settable member set to a value of its own, so that a member the models gain and the copy misses fails here.
        var status = Filled<V1DeploymentStatus>(1);
        status.Conditions = [Filled<V1DeploymentCondition>(100), Filled<V1DeploymentCondition>(200)];

        AssertSameAsTextCopy(status);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(5L)]
    [InlineData(10L)]
    [InlineData(1_234_567L)]
    [InlineData(9_999_999L)]
    public void Times_AreKeptAsTheTextKeepsThem(long fractionTicks)
    {
        var t = new DateTime(2026, 11, 27, 16, 0, 0, DateTimeKind.Utc).AddTicks(fractionTicks);
        var status = new V1DeploymentStatus { Conditions = [new V1DeploymentCondition { Type = "Available", LastUpdateTime = t, LastTransitionTime = t }] };

        AssertSameAsTextCopy(status);
        Assert.Equal(ModelJson.Copy(status).Conditions[0].LastUpdateTime!.Value.Ticks, DeploymentStatusCopy.Of(status).Conditions[0].LastUpdateTime!.Value.Ticks);
    }

    [Theory]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public void Times_NotInUtc_AreCopiedThroughTheText(DateTimeKind kind)
    {
        var t = new DateTime(2026, 11, 27, 16, 0, 0, kind).AddTicks(1_234_567);
        var status = new V1DeploymentStatus { Conditions = [new V1DeploymentCondition { Type = "Available", LastUpdateTime = t }] };

        AssertSameAsTextCopy(status);
    }

    [Fact]
    public void Copy_SharesNothingWithTheOriginal()
    {
        var status = new V1DeploymentStatus { Replicas = 1, Conditions = [new V1DeploymentCondition { Type = "Available", Status = "True" }] };

        var copy = DeploymentStatusCopy.Of(status);
        copy.Conditions[0].Status = "False";
        copy.Conditions.Add(new V1DeploymentCondition { Type = "Progressing" });

        Assert.Equal("True", status.Conditions[0].Status);
        Assert.Single(status.Conditions);
    }

    [Fact]
    public void EmptyConditions_StayEmpty_NotAbsent()
    {
        AssertSameAsTextCopy(new V1DeploymentStatus { Conditions = [] });
        AssertSameAsTextCopy(new V1DeploymentStatus());
    }

    private static void AssertSameAsTextCopy(V1DeploymentStatus status)
    {
        var expected = ModelJson.Copy(status);
        var copy = DeploymentStatusCopy.Of(status);

        Assert.Equal(Encoding.UTF8.GetString(ModelJson.ToUtf8(expected)), Encoding.UTF8.GetString(ModelJson.ToUtf8(copy)));
        Assert.Equal(expected.Conditions?.Select(c => (c.LastUpdateTime, c.LastUpdateTime?.Kind, c.LastTransitionTime, c.LastTransitionTime?.Kind)),
            copy.Conditions?.Select(c => (c.LastUpdateTime, c.LastUpdateTime?.Kind, c.LastTransitionTime, c.LastTransitionTime?.Kind)));
    }

    private static T Filled<T>(int seed) where T : new()
    {
        var obj = new T();
        foreach (var p in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            object? value = type == typeof(int) ? seed++ : type == typeof(long) ? (long)seed++ : type == typeof(string) ? $"s{seed++}"
                : type == typeof(DateTime) ? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(seed++).AddTicks(1_234_567)
                : null;
            if (value is not null) p.SetValue(obj, value);
            else Assert.True(p.PropertyType.IsGenericType && p.Name == "Conditions", $"{typeof(T).Name}.{p.Name} ({p.PropertyType.Name}) is a member the test does not fill");
        }
        return obj;
    }
}
