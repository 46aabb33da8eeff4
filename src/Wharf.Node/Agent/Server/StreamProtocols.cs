namespace Wharf.Node.Agent.Server;

/// <summary>Names of Kubernetes' streaming protocols and stream types (protocol facts of remotecommand and portforward).</summary>
internal static class StreamProtocols
{
    public const string ChannelV5 = "v5.channel.k8s.io";
    public const string ChannelV4 = "v4.channel.k8s.io";
    public const string SpdyPortForward = "portforward.k8s.io";
    public const string TunneledPortForward = "SPDY/3.1+portforward.k8s.io";

    public const string StreamTypeHeader = "streamtype";
    public const string Error = "error";
    public const string Stdin = "stdin";
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";
    public const string Resize = "resize";

    public const byte StdinChannel = 0;
    public const byte StdoutChannel = 1;
    public const byte StderrChannel = 2;
    public const byte ErrorChannel = 3;
    public const byte ResizeChannel = 4;
    public const byte CloseChannel = 255;

    public static readonly string[] RemoteCommandWebSocket = [ChannelV5, ChannelV4];

    /// <summary>A v4 error-stream message for success, which v5 clients also expect at the end.</summary>
    public const string SuccessStatus = """{"metadata":{},"status":"Success"}""";
}
