using Grpc.Core;

namespace Wharf.Node.Images;

/// <summary>
/// A gRPC failure as Go's status error prints it (<c>rpc error: code = NotFound desc = …</c>): kubelet puts that text
/// into ErrImagePull messages and events, and users grep for it.
/// </summary>
public static class GrpcErrorText
{
    public static string Format(RpcException error) => Format(error.Status);

    public static string Format(Status status) => $"rpc error: code = {CodeName(status.StatusCode)} desc = {status.Detail}";

    /// <summary>Go's codes.Code names; only Cancelled is spelt differently in .NET.</summary>
    internal static string CodeName(StatusCode code) => code == StatusCode.Cancelled ? "Canceled" : code.ToString();
}
