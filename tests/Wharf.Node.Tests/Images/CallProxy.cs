using System.Reflection;

namespace Wharf.Node.Tests.Images;

/// <summary>A stand-in for any interface: every call goes to <see cref="Handler"/> (the tests answer only what they use).</summary>
public class CallProxy : DispatchProxy
{
    public Func<MethodInfo, object?[], object?> Handler { get; set; } = (m, _) => throw new NotSupportedException(m.Name);

    public static T Create<T>(Func<MethodInfo, object?[], object?> handler)
        where T : class
    {
        var proxy = DispatchProxy.Create<T, CallProxy>();
        ((CallProxy)(object)proxy).Handler = handler;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => Handler(targetMethod!, args ?? []);
}
