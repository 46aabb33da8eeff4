using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Certificates;

/// <summary>
/// CertificateSigningRequests (certificates.k8s.io/v1): upstream's create rules (a PEM CERTIFICATE REQUEST with a
/// valid signature, known unique usages, a signer name, at least ten minutes of validity) and its update strategy
/// (the spec is fixed once created; status and approval have their own subresources).
/// </summary>
internal sealed class CertificateSigningRequestStrategy : ResourceStrategy
{
    private const string PemType = "PEM block type must be CERTIFICATE REQUEST";
    private static readonly string[] Usages =
    [
        "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only",
        "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement",
        "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping",
    ];

    public CertificateSigningRequestStrategy() => HasStatusSubresource = true;

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        obj.Remove("spec");
        if (old["spec"] is { } spec) obj["spec"] = spec.DeepClone();
        base.PrepareForUpdate(obj, old);
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject ?? [];
        if (RequestError(spec.Str("request")) is { } error)
            yield return FieldError.Invalid("spec.request", new RawFieldValue(GoBytes(spec.Str("request"))), error);
        var usages = spec["usages"] as JsonArray;
        if (usages is not { Count: > 0 })
            yield return FieldError.Required("spec.usages");
        var seen = new HashSet<string>();
        var index = 0;
        foreach (var usage in usages ?? [])
        {
            var value = usage?.ToString() ?? "";
            if (Array.IndexOf(Usages, value) < 0)
                yield return FieldError.NotSupported($"spec.usages[{index}]", value, Usages);
            if (!seen.Add(value))
                yield return FieldError.Duplicate($"spec.usages[{index}]", value);
            index++;
        }
        var signer = spec.Str("signerName");
        if (signer == "kubernetes.io/legacy-unknown")
            yield return FieldError.Invalid("spec.signerName", signer, "the legacy signerName is not allowed via this API version");
        else
            foreach (var e in SignerNameRules.Validate(signer, "spec.signerName")) yield return e;
        if (spec["expirationSeconds"].Long() is < 600 and var seconds)
            yield return FieldError.Invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 600 seconds (10 minutes)");
    }

    /// <summary>validateCSR: the request decodes as a PEM CERTIFICATE REQUEST whose signature checks out.</summary>
    private static string? RequestError(string? base64)
    {
        string pem;
        try
        {
            pem = Encoding.ASCII.GetString(Convert.FromBase64String(base64 ?? ""));
        }
        catch (FormatException)
        {
            return PemType;
        }
        if (!pem.Contains("-----BEGIN CERTIFICATE REQUEST-----", StringComparison.Ordinal)) return PemType;
        try
        {
            CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256);
            return null;
        }
        catch (CryptographicException e)
        {
            return e.Message;
        }
    }

    /// <summary>A byte string as Go's %#v prints []byte, the way upstream shows a bad request.</summary>
    private static string GoBytes(string? base64)
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(base64 ?? ""); }
        catch (FormatException) { bytes = []; }
        if (bytes.Length == 0) return "[]byte(nil)";
        var text = new StringBuilder("[]byte{");
        for (var i = 0; i < bytes.Length; i++)
            text.Append(i == 0 ? "" : ", ").Append("0x").Append(bytes[i].ToString("x"));
        return text.Append('}').ToString();
    }
}
