using Grpc.Core;
using Wharf.Node.Images;

namespace Wharf.Node.Tests.Images;

public sealed class GrpcErrorTextTests
{
    [Theory]
    [InlineData(StatusCode.NotFound, "rpc error: code = NotFound desc = boom")]
    [InlineData(StatusCode.Unknown, "rpc error: code = Unknown desc = boom")]
    [InlineData(StatusCode.Cancelled, "rpc error: code = Canceled desc = boom")]
    public void Formats_like_go_status_errors(StatusCode code, string expected)
    {
        Assert.Equal(expected, GrpcErrorText.Format(new RpcException(new Status(code, "boom"))));
    }
}
