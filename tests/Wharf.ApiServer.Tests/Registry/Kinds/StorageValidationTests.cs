using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

public sealed class StorageValidationTests
{
    private const string ValidPv = "'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteOnce'],'hostPath':{'path':'/data'}";

    [Theory]
    [InlineData("valid", ValidPv, "")]
    [InlineData("no access modes", "'capacity':{'storage':'1Gi'},'hostPath':{'path':'/data'}", "spec.accessModes: Required value")]
    [InlineData("unknown access mode", "'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteSome'],'hostPath':{'path':'/d'}", "spec.accessModes: Unsupported value: \"ReadWriteSome\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"")]
    [InlineData("RWOP mixed", "'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteOncePod','ReadOnlyMany'],'hostPath':{'path':'/d'}", "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes")]
    [InlineData("no capacity", "'accessModes':['ReadWriteOnce'],'hostPath':{'path':'/d'}", "spec.capacity: Required value")]
    [InlineData("capacity other than storage", "'capacity':{'storage':'1Gi','cpu':'1'},'accessModes':['ReadWriteOnce'],'hostPath':{'path':'/d'}", "spec.capacity: Unsupported value: \"cpu\": supported values: \"storage\"")]
    [InlineData("bad quantity", "'capacity':{'storage':'lots'},'accessModes':['ReadWriteOnce'],'hostPath':{'path':'/d'}", "spec.capacity[storage]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("no volume type", "'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteOnce']", "spec: Required value: must specify a volume type")]
    [InlineData("two volume types", ValidPv + ",'nfs':{'server':'s','path':'/x'}", "spec.nfs: Forbidden: may not specify more than 1 volume type")]
    [InlineData("local without node affinity", "'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteOnce'],'local':{'path':'/d'}", "spec.nodeAffinity: Required value: Local volumes require node affinity")]
    [InlineData("unknown reclaim policy", ValidPv + ",'persistentVolumeReclaimPolicy':'Keep'", "spec.persistentVolumeReclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Recycle\", \"Retain\"")]
    public void PersistentVolume_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.PersistentVolume, "{'metadata':{'name':'pv'},'spec':{" + spec + "}}"));
    }

    [Fact]
    public void PersistentVolume_Source_IsImmutable() =>
        Assert.Contains("spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation",
            StrategyRun.Update(Strategies.PersistentVolume, "{'metadata':{'name':'pv'},'spec':{" + ValidPv + "}}",
                "{'metadata':{'name':'pv'},'spec':{'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteOnce'],'hostPath':{'path':'/other'}}}"));

    private const string ValidPvc = "'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}";

    [Theory]
    [InlineData("valid", ValidPvc, "")]
    [InlineData("no access modes", "'resources':{'requests':{'storage':'1Gi'}}", "spec.accessModes: Required value: at least 1 access mode is required")]
    [InlineData("no storage request", "'accessModes':['ReadWriteOnce']", "spec.resources[storage]: Required value")]
    [InlineData("zero storage", "'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'0'}}", "spec.resources[storage]: Invalid value: \"0\": must be greater than zero")]
    [InlineData("bad class name", ValidPvc + ",'storageClassName':'Fast_SSD'", "spec.storageClassName: Invalid value: \"Fast_SSD\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    public void PersistentVolumeClaim_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.PersistentVolumeClaim, "{'metadata':{'name':'c'},'spec':{" + spec + "}}"));
    }

    [Theory]
    [InlineData("binder sets volumeName once", "Pending", ValidPvc + ",'volumeName':'pv1'", "")]
    [InlineData("access modes fixed", "Bound", "'accessModes':['ReadWriteMany'],'resources':{'requests':{'storage':'1Gi'}}", "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims")]
    [InlineData("bound claim may grow", "Bound", "'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'2Gi'}}", "")]
    [InlineData("unbound claim may not resize", "Pending", "'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'2Gi'}}", "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims")]
    [InlineData("bound claim may not shrink", "Bound", "'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'512Mi'}}", "spec.resources.requests.storage: Forbidden: field can not be less than previous value")]
    public void PersistentVolumeClaim_ValidateUpdate(string name, string phase, string spec, string expected)
    {
        _ = name;
        var old = Support.Json.Obj("{'metadata':{'name':'c'},'spec':{" + ValidPvc + "}}");
        Strategies.PersistentVolumeClaim.PrepareForCreate(old);
        old["status"] = new System.Text.Json.Nodes.JsonObject { ["phase"] = phase };
        var obj = Support.Json.Obj("{'metadata':{'name':'c'},'spec':{" + spec + "}}");
        Strategies.PersistentVolumeClaim.PrepareForUpdate(obj, old);
        StrategyRun.Expect(expected, Strategies.PersistentVolumeClaim.ValidateUpdate(obj, old).Select(e => e.ToString()).ToList());
    }

    [Theory]
    [InlineData("valid", "'provisioner':'example.com/hostpath','parameters':{'type':'ssd'}", "")]
    [InlineData("missing provisioner", "", "provisioner: Required value")]
    [InlineData("bad provisioner", "'provisioner':'a/b/c'", "provisioner: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    [InlineData("Recycle not allowed", "'provisioner':'p','reclaimPolicy':'Recycle'", "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"")]
    [InlineData("unknown binding mode", "'provisioner':'p','volumeBindingMode':'Later'", "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"")]
    public void StorageClass_Validate(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.StorageClass, "{'metadata':{'name':'sc'}" + (fields.Length > 0 ? "," : "") + fields + "}"));
    }

    [Theory]
    [InlineData("labels may change", "'provisioner':'p','parameters':{'a':'1'}", "")]
    [InlineData("parameters fixed", "'provisioner':'p','parameters':{'a':'2'}", "parameters: Forbidden: updates to parameters are forbidden.")]
    [InlineData("provisioner fixed", "'provisioner':'q','parameters':{'a':'1'}", "provisioner: Forbidden: updates to provisioner are forbidden.")]
    [InlineData("binding mode fixed", "'provisioner':'p','parameters':{'a':'1'},'volumeBindingMode':'WaitForFirstConsumer'", "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable")]
    public void StorageClass_ValidateUpdate(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Update(Strategies.StorageClass, "{'metadata':{'name':'sc'},'provisioner':'p','parameters':{'a':'1'}}", "{'metadata':{'name':'sc'}," + fields + "}"));
    }
}
