using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using k8s.Models;
using Wharf.Client.Events;
using Wharf.Client.Rest;
using Wharf.Node.Agent.Pods;
using Wharf.Node.Cri.V1;
using Wharf.Node.Images;
using Wharf.Node.Runtime;

namespace Wharf.Node.Tests.Images;

/// <summary>Pull policy, credentials order and upstream's texts, against a runtime that accepts one password.</summary>
public sealed class ImageManagerTests
{
    private const string Image = "reg.local:5000/app:1";
    private readonly HashSet<string> _present = new(StringComparer.Ordinal);
    private readonly List<string> _pulls = [];
    private readonly List<(string Type, string Reason, string Message)> _events = [];
    private readonly Dictionary<string, JsonObject> _secrets = new(StringComparer.Ordinal);
    private string? _acceptedPassword = "right";

    private ImageManager Manager()
    {
        var runtime = CallProxy.Create<IContainerRuntime>((method, args) => method.Name switch
        {
            nameof(IContainerRuntime.ImageStatusAsync) => Task.FromResult(_present.Contains((string)args[0]!) ? new Image { Id = "sha256:abc", Size = 4242 } : null),
            nameof(IContainerRuntime.PullImageAsync) => Pull((string)args[0]!, (AuthConfig?)args[1]),
            _ => throw new NotSupportedException(method.Name),
        });
        var events = CallProxy.Create<IEventRecorder>((_, args) =>
        {
            _events.Add(((string)args[1]!, (string)args[2]!, (string)args[3]!));
            return null;
        });
        var client = CallProxy.Create<IApiClient>((method, args) => method.Name == nameof(IApiClient.GetAsync)
            ? _secrets.TryGetValue((string)args[2]!, out var secret) ? Task.FromResult(secret) : Task.FromException<JsonObject>(new ApiException(404, "NotFound", "not found"))
            : throw new NotSupportedException(method.Name));
        var time = TimeProvider.System;
        return new ImageManager(runtime, events, new Backoff(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), time), time, new PullSecretReader(client));
    }

    private Task<string> Pull(string image, AuthConfig? auth)
    {
        _pulls.Add(auth is null ? "anonymous" : auth.Username + ":" + auth.Password);
        if (_acceptedPassword is null || auth?.Password == _acceptedPassword)
        {
            _present.Add(image);
            _present.Add("sha256:abc"); // the image ref a pull returns also answers ImageStatus
            return Task.FromResult("sha256:abc");
        }
        return Task.FromException<string>(new RpcException(new Status(StatusCode.Unknown, $"failed to pull and unpack image \"{image}\": 401 Unauthorized")));
    }

    private void AddSecret(string name, string server, string user, string password)
    {
        var json = "{\"auths\":{\"" + server + "\":{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}}}";
        _secrets[name] = new JsonObject
        {
            ["type"] = "kubernetes.io/dockerconfigjson",
            ["data"] = new JsonObject { [".dockerconfigjson"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) },
        };
    }

    private static V1Pod Pod(params string[] pullSecrets) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns", Uid = "uid-1" },
        Spec = new V1PodSpec
        {
            Containers = [],
            ImagePullSecrets = pullSecrets.Select(s => new V1LocalObjectReference { Name = s }).ToList(),
        },
    };

    private static V1Container Container(string policy) => new() { Name = "main", Image = Image, ImagePullPolicy = policy };

    private Task<(string? ImageRef, string? Reason, string? Message)> EnsureAsync(V1Pod pod, string policy) =>
        Manager().EnsureAsync(new JsonObject(), pod, Container(policy), CancellationToken.None);

    [Fact]
    public async Task Matching_credentials_are_tried_in_turn_until_one_works()
    {
        AddSecret("wrong", "reg.local:5000", "u", "wrong");
        AddSecret("right", "reg.local:5000", "u", "right");
        AddSecret("elsewhere", "other.local", "x", "right");

        var (imageRef, reason, _) = await EnsureAsync(Pod("wrong", "right", "elsewhere"), "IfNotPresent");

        Assert.Equal("sha256:abc", imageRef);
        Assert.Null(reason);
        Assert.Equal(["u:wrong", "u:right"], _pulls);
        Assert.Contains(_events, e => e is ("Normal", "Pulling", $"Pulling image \"{Image}\""));
        Assert.Contains(_events, e => e.Reason == "Pulled" && e.Message.StartsWith($"Successfully pulled image \"{Image}\" in ", StringComparison.Ordinal)
            && e.Message.EndsWith(" including waiting). Image size: 4242 bytes.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_every_credential_fails_the_pull_is_tried_anonymously_and_all_errors_are_reported()
    {
        AddSecret("wrong", "reg.local:5000", "u", "wrong");

        var (imageRef, reason, message) = await EnsureAsync(Pod("wrong"), "IfNotPresent");

        Assert.Null(imageRef);
        Assert.Equal("ErrImagePull", reason);
        Assert.Equal(["u:wrong", "anonymous"], _pulls);
        var error = $"rpc error: code = Unknown desc = failed to pull and unpack image \"{Image}\": 401 Unauthorized";
        Assert.Equal($"[{error}, {error}]", message);
        Assert.Contains(_events, e => e is ("Warning", "Failed", _) && e.Message == $"Failed to pull image \"{Image}\": [{error}, {error}]");
        Assert.Contains(_events, e => e is ("Warning", "Failed", "Error: ErrImagePull"));
    }

    [Fact]
    public async Task A_failed_pull_backs_off_without_pulling_again()
    {
        var manager = Manager();
        var pod = Pod();

        var first = await manager.EnsureAsync(new JsonObject(), pod, Container("IfNotPresent"), CancellationToken.None);
        var second = await manager.EnsureAsync(new JsonObject(), pod, Container("IfNotPresent"), CancellationToken.None);

        Assert.Equal("ErrImagePull", first.Reason);
        Assert.Equal("rpc error: code = Unknown desc = failed to pull and unpack image \"reg.local:5000/app:1\": 401 Unauthorized", first.Message);
        Assert.Equal(("ImagePullBackOff", $"Back-off pulling image \"{Image}\""), (second.Reason, second.Message));
        Assert.Single(_pulls);
    }

    [Fact]
    public async Task A_missing_pull_secret_is_reported_and_the_pull_goes_on()
    {
        _acceptedPassword = null;

        var (imageRef, _, _) = await EnsureAsync(Pod("gone"), "IfNotPresent");

        Assert.Equal("sha256:abc", imageRef);
        Assert.Equal(["anonymous"], _pulls);
        Assert.Contains(_events, e => e is ("Warning", "FailedToRetrieveImagePullSecret", _)
            && e.Message == "Unable to retrieve some image pull secrets (gone); attempting to pull the image may not succeed.");
    }

    [Theory]
    [InlineData("IfNotPresent, present", "IfNotPresent", true, 0, null)]
    [InlineData("Always, present", "Always", true, 1, null)]
    [InlineData("Never, present", "Never", true, 0, null)]
    [InlineData("Never, absent", "Never", false, 0, "ErrImageNeverPull")]
    [InlineData("IfNotPresent, absent", "IfNotPresent", false, 1, null)]
    public async Task The_pull_policy_decides_whether_to_pull(string name, string policy, bool present, int pulls, string? reason)
    {
        _acceptedPassword = null;
        if (present)
            _present.Add(Image);

        var result = await EnsureAsync(Pod(), policy);

        Assert.True(_pulls.Count == pulls, $"{name}: {_pulls.Count} pulls");
        Assert.Equal(reason, result.Reason);
    }
}
