using System.Diagnostics;

namespace Wharf.Api.Protobuf.Tests.Decoding;

/// <summary>Damaged bodies: only ProtobufDecodeException (never the safety net's wrapped fault) may come out, quickly.</summary>
public sealed class FuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Decode_EveryTruncation_FailsCleanly(string fixture)
    {
        var body = Fixtures.Body(fixture);
        var watch = Stopwatch.StartNew();
        var failures = 0;
        for (var length = 0; length < body.Length; length++)
        {
            failures += TryDecode(body.AsSpan(0, length)) ? 0 : 1;
        }

        // Cutting inside the envelope's raw field always leaves a length that runs past the end.
        Assert.True(failures > body.Length / 2, $"only {failures} of {body.Length} truncations failed");
        Assert.True(watch.Elapsed < Budget);
    }

    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Decode_RandomBitFlips_FailCleanly(string fixture)
    {
        var random = new Random(fixture.GetHashCode(StringComparison.Ordinal) ^ 0x5eed);
        var body = Fixtures.Body(fixture);
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < 2_000; round++)
        {
            var damaged = (byte[])body.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                damaged[random.Next(4, damaged.Length)] ^= (byte)(1 << random.Next(8));
            }

            TryDecode(damaged);
        }

        Assert.True(watch.Elapsed < Budget);
    }

    [Fact]
    public void Decode_RandomBytesBehindTheMagic_FailCleanly()
    {
        var random = new Random(42);
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < 20_000; round++)
        {
            var body = new byte[random.Next(4, 200)];
            random.NextBytes(body);
            "k8s\0"u8.CopyTo(body);
            TryDecode(body);
        }

        Assert.True(watch.Elapsed < Budget);
    }

    [Fact]
    public void Decode_RandomFieldsInsideAValidEnvelope_FailCleanly()
    {
        // Random raw bytes behind a valid typeMeta reach the message decoder instead of dying in the envelope.
        var random = new Random(7);
        string[][] kinds = [["v1", "Pod"], ["apps/v1", "Deployment"], ["apiextensions.k8s.io/v1", "CustomResourceDefinition"], ["v1", "Secret"]];
        for (var round = 0; round < 20_000; round++)
        {
            var raw = new byte[random.Next(0, 120)];
            random.NextBytes(raw);
            var kind = kinds[round % kinds.Length];
            TryDecode(ProtoWriter.Envelope(kind[0], kind[1], raw));
        }
    }

    // Returns whether the body decoded; any exception other than a plain ProtobufDecodeException fails the test.
    private static bool TryDecode(ReadOnlySpan<byte> body)
    {
        try
        {
            KubernetesProtobuf.Decode(body).ToJsonString();
            return true;
        }
        catch (ProtobufDecodeException ex) when (ex.InnerException is null)
        {
            return false;
        }
    }
}
