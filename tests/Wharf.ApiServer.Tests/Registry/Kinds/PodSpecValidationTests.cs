using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

/// <summary>
/// Upstream's PodSpec rules, one case per rule, with the exact line kubectl prints. Each case is a pod whose single
/// container is <c>c</c>/<c>busybox</c> unless the case says otherwise.
/// </summary>
public sealed class PodSpecValidationTests
{
    private const string C = "'name':'c','image':'busybox'";

    private static List<string> Pod(string spec) =>
        StrategyRun.Create(Strategies.Pod, "{'metadata':{'name':'p','namespace':'ns'},'spec':{" + spec + "}}");

    [Theory]
    [InlineData("valid", "'volumes':[{'name':'data','emptyDir':{'sizeLimit':'1Gi'}},{'name':'cfg','configMap':{'name':'c','items':[{'key':'k','path':'a/b'}]}},{'name':'s','secret':{'secretName':'s','defaultMode':420}},{'name':'h','hostPath':{'path':'/var/log','type':'Directory'}},{'name':'claim','persistentVolumeClaim':{'claimName':'pvc'}},{'name':'d','downwardAPI':{'items':[{'path':'labels','fieldRef':{'fieldPath':'metadata.labels'}}]}},{'name':'proj','projected':{'sources':[{'serviceAccountToken':{'path':'token','expirationSeconds':3600}},{'configMap':{'name':'c'}}]}}],'containers':[{" + C + ",'volumeMounts':[{'name':'data','mountPath':'/data','subPath':'x'},{'name':'cfg','mountPath':'/cfg'}]}]", "")]
    [InlineData("no source", "'volumes':[{'name':'v'}],'containers':[{" + C + "}]", "spec.volumes[0]: Required value: must specify a volume type")]
    [InlineData("two sources", "'volumes':[{'name':'v','emptyDir':{},'hostPath':{'path':'/x'}}],'containers':[{" + C + "}]", "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type")]
    [InlineData("bad volume name", "'volumes':[{'name':'Data','emptyDir':{}}],'containers':[{" + C + "}]", "spec.volumes[0].name: Invalid value: \"Data\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("duplicate volume", "'volumes':[{'name':'v','emptyDir':{}},{'name':'v','emptyDir':{}}],'containers':[{" + C + "}]", "spec.volumes[1].name: Duplicate value: \"v\"")]
    [InlineData("hostPath without path", "'volumes':[{'name':'v','hostPath':{}}],'containers':[{" + C + "}]", "spec.volumes[0].hostPath.path: Required value")]
    [InlineData("hostPath backsteps", "'volumes':[{'name':'v','hostPath':{'path':'/a/../etc'}}],'containers':[{" + C + "}]", "spec.volumes[0].hostPath.path: Invalid value: \"/a/../etc\": must not contain '..'")]
    [InlineData("hostPath type", "'volumes':[{'name':'v','hostPath':{'path':'/x','type':'Dir'}}],'containers':[{" + C + "}]", "spec.volumes[0].hostPath.type: Unsupported value: \"Dir\": supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\"")]
    [InlineData("configMap without name", "'volumes':[{'name':'v','configMap':{}}],'containers':[{" + C + "}]", "spec.volumes[0].configMap.name: Required value")]
    [InlineData("secret without name", "'volumes':[{'name':'v','secret':{}}],'containers':[{" + C + "}]", "spec.volumes[0].secret.secretName: Required value")]
    [InlineData("secret mode", "'volumes':[{'name':'v','secret':{'secretName':'s','defaultMode':1000}}],'containers':[{" + C + "}]", "spec.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive")]
    [InlineData("item path absolute", "'volumes':[{'name':'v','configMap':{'name':'c','items':[{'key':'k','path':'/abs'}]}}],'containers':[{" + C + "}]", "spec.volumes[0].configMap.items[0].path: Invalid value: \"/abs\": must be a relative path")]
    [InlineData("item path reserved", "'volumes':[{'name':'v','configMap':{'name':'c','items':[{'key':'k','path':'..data'}]}}],'containers':[{" + C + "}]", "spec.volumes[0].configMap.items[0].path: Invalid value: \"..data\": must not start with '..'")]
    [InlineData("emptyDir negative size", "'volumes':[{'name':'v','emptyDir':{'sizeLimit':'-1Gi'}}],'containers':[{" + C + "}]", "spec.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity")]
    [InlineData("claim without name", "'volumes':[{'name':'v','persistentVolumeClaim':{}}],'containers':[{" + C + "}]", "spec.volumes[0].persistentVolumeClaim.claimName: Required value")]
    [InlineData("downwardAPI without selector", "'volumes':[{'name':'v','downwardAPI':{'items':[{'path':'x'}]}}],'containers':[{" + C + "}]", "spec.volumes[0].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required")]
    [InlineData("downwardAPI unsupported field", "'volumes':[{'name':'v','downwardAPI':{'items':[{'path':'x','fieldRef':{'fieldPath':'spec.nodeName'}}]}}],'containers':[{" + C + "}]", "spec.volumes[0].downwardAPI.fieldRef.fieldPath: Unsupported value: \"spec.nodeName\": supported values: \"metadata.annotations\", \"metadata.labels\", \"metadata.name\", \"metadata.namespace\", \"metadata.uid\"")]
    [InlineData("projected two kinds in one source", "'volumes':[{'name':'v','projected':{'sources':[{'configMap':{'name':'c'},'secret':{'name':'s'}}]}}],'containers':[{" + C + "}]", "spec.volumes[0].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source")]
    [InlineData("projected short token", "'volumes':[{'name':'v','projected':{'sources':[{'serviceAccountToken':{'path':'t','expirationSeconds':60}}]}}],'containers':[{" + C + "}]", "spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes")]
    public void Volumes(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod(spec));
    }

    [Theory]
    [InlineData("unknown volume", "'containers':[{" + C + ",'volumeMounts':[{'name':'nope','mountPath':'/x'}]}]", "spec.containers[0].volumeMounts[0].name: Not found: \"nope\"")]
    [InlineData("mount of an invalid volume", "'volumes':[{'name':'v'}],'containers':[{" + C + ",'volumeMounts':[{'name':'v','mountPath':'/x'}]}]", "spec.containers[0].volumeMounts[0].name: Not found: \"v\"")]
    [InlineData("no mount path", "'volumes':[{'name':'v','emptyDir':{}}],'containers':[{" + C + ",'volumeMounts':[{'name':'v'}]}]", "spec.containers[0].volumeMounts[0].mountPath: Required value")]
    [InlineData("mount path twice", "'volumes':[{'name':'v','emptyDir':{}}],'containers':[{" + C + ",'volumeMounts':[{'name':'v','mountPath':'/x'},{'name':'v','mountPath':'/x'}]}]", "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/x\": must be unique")]
    [InlineData("absolute subPath", "'volumes':[{'name':'v','emptyDir':{}}],'containers':[{" + C + ",'volumeMounts':[{'name':'v','mountPath':'/x','subPath':'/etc'}]}]", "spec.containers[0].volumeMounts.subPath: Invalid value: \"/etc\": must be a relative path")]
    [InlineData("subPath backsteps", "'volumes':[{'name':'v','emptyDir':{}}],'containers':[{" + C + ",'volumeMounts':[{'name':'v','mountPath':'/x','subPath':'a/../..'}]}]", "spec.containers[0].volumeMounts.subPath: Invalid value: \"a/../..\": must not contain '..'")]
    [InlineData("subPath and subPathExpr", "'volumes':[{'name':'v','emptyDir':{}}],'containers':[{" + C + ",'volumeMounts':[{'name':'v','mountPath':'/x','subPath':'a','subPathExpr':'b'}]}]", "spec.containers[0].volumeMounts[0].subPathExpr: Invalid value: \"b\": subPathExpr and subPath are mutually exclusive")]
    [InlineData("bidirectional unprivileged", "'volumes':[{'name':'v','emptyDir':{}}],'containers':[{" + C + ",'volumeMounts':[{'name':'v','mountPath':'/x','mountPropagation':'Bidirectional'}]}]", "spec.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers")]
    [InlineData("recursive read-only needs readOnly", "'volumes':[{'name':'v','emptyDir':{}}],'containers':[{" + C + ",'volumeMounts':[{'name':'v','mountPath':'/x','recursiveReadOnly':'Enabled'}]}]", "spec.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true")]
    public void VolumeMounts(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod(spec));
    }

    [Theory]
    [InlineData("valid", "'containers':[{" + C + ",'ports':[{'name':'http','containerPort':80},{'containerPort':53,'protocol':'UDP','hostPort':5353}]}]", "")]
    [InlineData("port zero", "'containers':[{" + C + ",'ports':[{'containerPort':0}]}]", "spec.containers[0].ports[0].containerPort: Required value")]
    [InlineData("port too high", "'containers':[{" + C + ",'ports':[{'containerPort':70000}]}]", "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData("host port too high", "'containers':[{" + C + ",'ports':[{'containerPort':80,'hostPort':70000}]}]", "spec.containers[0].ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData("protocol", "'containers':[{" + C + ",'ports':[{'containerPort':80,'protocol':'HTTP'}]}]", "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    [InlineData("port name too long", "'containers':[{" + C + ",'ports':[{'name':'a-very-long-port-name','containerPort':80}]}]", "spec.containers[0].ports[0].name: Invalid value: \"a-very-long-port-name\": must be no more than 15 characters")]
    [InlineData("port name digits only", "'containers':[{" + C + ",'ports':[{'name':'8080','containerPort':80}]}]", "spec.containers[0].ports[0].name: Invalid value: \"8080\": must contain at least one letter (a-z)")]
    [InlineData("duplicate port name", "'containers':[{" + C + ",'ports':[{'name':'web','containerPort':80},{'name':'web','containerPort':81}]}]", "spec.containers[0].ports[1].name: Duplicate value: \"web\"")]
    [InlineData("host port twice", "'containers':[{" + C + ",'ports':[{'containerPort':80,'hostPort':8080}]},{'name':'d','image':'busybox','ports':[{'containerPort':81,'hostPort':8080}]}]", "spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\"")]
    [InlineData("host network port mismatch", "'hostNetwork':true,'containers':[{" + C + ",'ports':[{'containerPort':80,'hostPort':81}]}]", "spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true")]
    [InlineData("host network without host port", "'hostNetwork':true,'containers':[{" + C + ",'ports':[{'containerPort':80}]}]", "")]
    public void Ports(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod(spec));
    }

    [Theory]
    [InlineData("valid", "'env':[{'name':'A','value':'1'},{'name':'my.var-1','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}},{'name':'L','valueFrom':{'fieldRef':{'fieldPath':'metadata.labels[\\u0027app\\u0027]'}}},{'name':'CPU','valueFrom':{'resourceFieldRef':{'resource':'limits.cpu'}}},{'name':'K','valueFrom':{'secretKeyRef':{'name':'s','key':'k'}}}],'envFrom':[{'prefix':'P_','configMapRef':{'name':'c'}}]", "")]
    [InlineData("no name", "'env':[{'value':'1'}]", "spec.containers[0].env[0].name: Required value")]
    [InlineData("name with equals", "'env':[{'name':'A=B'}]", "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='")]
    [InlineData("valueFrom empty", "'env':[{'name':'A','valueFrom':{}}]", "spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`")]
    [InlineData("valueFrom two sources", "'env':[{'name':'A','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'},'secretKeyRef':{'name':'s','key':'k'}}}]", "spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not have more than one field specified at a time")]
    [InlineData("value and valueFrom", "'env':[{'name':'A','value':'x','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}}]", "spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty")]
    [InlineData("unknown field path", "'env':[{'name':'A','valueFrom':{'fieldRef':{'fieldPath':'spec.foo'}}}]", "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.foo\": error converting fieldPath: field label not supported: spec.foo")]
    [InlineData("field path not for env", "'env':[{'name':'A','valueFrom':{'fieldRef':{'fieldPath':'metadata.labels'}}}]", "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"metadata.labels\": supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\"")]
    [InlineData("unknown resource", "'env':[{'name':'A','valueFrom':{'resourceFieldRef':{'resource':'limits.gpu'}}}]", "spec.containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: \"limits.gpu\": supported values: \"limits.cpu\", \"limits.ephemeral-storage\", \"limits.memory\", \"requests.cpu\", \"requests.ephemeral-storage\", \"requests.memory\"")]
    [InlineData("key selector without key", "'env':[{'name':'A','valueFrom':{'configMapKeyRef':{'name':'c'}}}]", "spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value")]
    [InlineData("envFrom without source", "'envFrom':[{'prefix':'P'}]", "spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`")]
    [InlineData("envFrom both sources", "'envFrom':[{'configMapRef':{'name':'c'},'secretRef':{'name':'s'}}]", "spec.containers[0].envFrom: Invalid value: \"\": may not have more than one field specified at a time")]
    [InlineData("envFrom without name", "'envFrom':[{'secretRef':{}}]", "spec.containers[0].envFrom[0].secretRef.name: Required value")]
    public void Env(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod("'containers':[{" + C + "," + fields + "}]"));
    }

    [Theory]
    [InlineData("valid", "{'requests':{'cpu':'100m','memory':'64Mi','example.com/dongle':'1'},'limits':{'cpu':'1','memory':'128Mi','example.com/dongle':'1','hugepages-2Mi':'4Mi'}}", "")]
    [InlineData("request above limit", "{'requests':{'cpu':'2'},'limits':{'cpu':'1'}}", "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1")]
    [InlineData("negative", "{'requests':{'memory':'-1Mi'}}", "spec.containers[0].resources.requests[memory]: Invalid value: \"-1Mi\": must be greater than or equal to 0")]
    [InlineData("not a container resource", "{'limits':{'pods':'1'}}", "spec.containers[0].resources.limits[pods]: Invalid value: \"pods\": must be a standard resource for containers")]
    [InlineData("extended request without limit", "{'requests':{'example.com/dongle':'1'}}", "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources")]
    [InlineData("extended request differs from limit", "{'requests':{'example.com/dongle':'1'},'limits':{'example.com/dongle':'2'}}", "spec.containers[0].resources.requests: Invalid value: \"1\": must be equal to example.com/dongle limit of 2")]
    [InlineData("fractional extended resource", "{'limits':{'example.com/dongle':'500m'},'requests':{'example.com/dongle':'500m'}}", "spec.containers[0].resources.limits[example.com/dongle]: Invalid value: \"500m\": must be an integer")]
    [InlineData("hugepages alone", "{'limits':{'hugepages-2Mi':'2Mi'}}", "spec.containers[0].resources: Forbidden: HugePages require cpu or memory")]
    [InlineData("hugepages not a page multiple", "{'limits':{'hugepages-2Mi':'3Mi','memory':'1Gi'}}", "spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: \"3Mi\": 3Mi is not positive integer multiple of hugepages-2Mi")]
    public void Resources(string name, string resources, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod("'containers':[{" + C + ",'resources':" + resources + "}]"));
    }

    [Theory]
    [InlineData("valid", "'livenessProbe':{'httpGet':{'port':8080},'periodSeconds':5},'readinessProbe':{'tcpSocket':{'port':'http'}},'startupProbe':{'exec':{'command':['true']},'failureThreshold':30},'lifecycle':{'preStop':{'sleep':{'seconds':5}}}", "")]
    [InlineData("no handler", "'livenessProbe':{'periodSeconds':5}", "spec.containers[0].livenessProbe: Required value: must specify a handler type")]
    [InlineData("two handlers", "'readinessProbe':{'exec':{'command':['true']},'tcpSocket':{'port':80}}", "spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type")]
    [InlineData("exec without command", "'livenessProbe':{'exec':{}}", "spec.containers[0].livenessProbe.exec.command: Required value")]
    [InlineData("negative period", "'livenessProbe':{'exec':{'command':['true']},'periodSeconds':-1}", "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("liveness success threshold", "'livenessProbe':{'exec':{'command':['true']},'successThreshold':3}", "spec.containers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1")]
    [InlineData("startup success threshold", "'startupProbe':{'exec':{'command':['true']},'successThreshold':2}", "spec.containers[0].startupProbe.successThreshold: Invalid value: 2: must be 1")]
    [InlineData("readiness grace period", "'readinessProbe':{'exec':{'command':['true']},'terminationGracePeriodSeconds':5}", "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes")]
    [InlineData("http port out of range", "'livenessProbe':{'httpGet':{'port':0}}", "spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive")]
    [InlineData("http scheme", "'livenessProbe':{'httpGet':{'port':80,'scheme':'FTP'}}", "spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: \"FTP\": supported values: \"HTTP\", \"HTTPS\"")]
    [InlineData("grpc port", "'livenessProbe':{'grpc':{'port':70000}}", "spec.containers[0].livenessProbe.grpc.port: Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData("lifecycle without handler", "'lifecycle':{'postStart':{}}", "spec.containers[0].lifecycle.postStart: Required value: must specify a handler type")]
    [InlineData("sleep past grace period", "'lifecycle':{'preStop':{'sleep':{'seconds':60}}}", "spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.")]
    [InlineData("restart policy on app container", "'restartPolicy':'Always'", "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers")]
    [InlineData("pull policy", "'imagePullPolicy':'Sometimes'", "spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"")]
    [InlineData("termination message policy", "'terminationMessagePolicy':'Log'", "spec.containers[0].terminationMessagePolicy: Unsupported value: \"Log\": supported values: \"File\", \"FallbackToLogsOnError\"")]
    public void ContainerFields(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod("'containers':[{'name':'c','image':'busybox'," + fields + "}]"));
    }

    [Theory]
    [InlineData("sidecar with probes", "{'name':'side','image':'busybox','restartPolicy':'Always','readinessProbe':{'exec':{'command':['true']}}}", "")]
    [InlineData("unsupported restart policy", "{'name':'i','image':'busybox','restartPolicy':'OnFailure'}", "spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"")]
    [InlineData("probe on plain init container", "{'name':'i','image':'busybox','livenessProbe':{'exec':{'command':['true']}}}", "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always")]
    [InlineData("lifecycle on plain init container", "{'name':'i','image':'busybox','lifecycle':{'preStop':{'exec':{'command':['true']}}}}", "spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always")]
    [InlineData("same name as app container", "{'name':'c','image':'busybox'}", "spec.initContainers[0].name: Duplicate value: \"c\"")]
    public void InitContainers(string name, string init, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod("'initContainers':[" + init + "],'containers':[{" + C + "}]"));
    }

    [Theory]
    [InlineData("valid", "'tolerations':[{'key':'k','operator':'Equal','value':'v','effect':'NoExecute','tolerationSeconds':60},{'operator':'Exists'}]", "")]
    [InlineData("empty key needs Exists", "'tolerations':[{'operator':'Equal','value':'v'}]", "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"")]
    [InlineData("value with Exists", "'tolerations':[{'key':'k','operator':'Exists','value':'v'}]", "spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'")]
    [InlineData("unknown operator", "'tolerations':[{'key':'k','operator':'In'}]", "spec.tolerations[0].operator: Unsupported value: \"In\": supported values: \"Equal\", \"Exists\"")]
    [InlineData("unknown effect", "'tolerations':[{'key':'k','effect':'NoRun'}]", "spec.tolerations[0].effect: Unsupported value: \"NoRun\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"")]
    [InlineData("seconds without NoExecute", "'tolerations':[{'key':'k','effect':'NoSchedule','tolerationSeconds':5}]", "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set")]
    [InlineData("node selector label", "'nodeSelector':{'disk':'fast ssd'}", "spec.nodeSelector: Invalid value: \"fast ssd\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    [InlineData("no node selector terms", "'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':[]}}}", "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term")]
    [InlineData("In without values", "'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':[{'matchExpressions':[{'key':'zone','operator':'In'}]}]}}}", "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'")]
    [InlineData("Gt with two values", "'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':[{'matchExpressions':[{'key':'cores','operator':'Gt','values':['1','2']}]}]}}}", "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'")]
    [InlineData("preferred weight", "'affinity':{'nodeAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':0,'preference':{}}]}}", "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100")]
    [InlineData("field selector key", "'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':[{'matchFields':[{'key':'metadata.uid','operator':'In','values':['x']}]}]}}}", "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key: Invalid value: \"metadata.uid\": not a valid field selector key")]
    [InlineData("pod affinity without topology key", "'affinity':{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':{'matchLabels':{'app':'web'}}}]}}", "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty")]
    [InlineData("pod affinity bad selector", "'affinity':{'podAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':10,'podAffinityTerm':{'topologyKey':'zone','labelSelector':{'matchExpressions':[{'key':'app','operator':'In'}]}}}]}}", "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'")]
    [InlineData("spread skew", "'topologySpreadConstraints':[{'maxSkew':0,'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule'}]", "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero")]
    [InlineData("spread without key", "'topologySpreadConstraints':[{'maxSkew':1,'whenUnsatisfiable':'DoNotSchedule'}]", "spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty")]
    [InlineData("spread action", "'topologySpreadConstraints':[{'maxSkew':1,'topologyKey':'zone','whenUnsatisfiable':'Maybe'}]", "spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: \"Maybe\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"")]
    [InlineData("spread duplicate", "'topologySpreadConstraints':[{'maxSkew':1,'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule'},{'maxSkew':2,'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule'}]", "spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: \"{zone, DoNotSchedule}\"")]
    [InlineData("spread minDomains with ScheduleAnyway", "'topologySpreadConstraints':[{'maxSkew':1,'topologyKey':'zone','whenUnsatisfiable':'ScheduleAnyway','minDomains':2}]", "spec.topologySpreadConstraints[0].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway")]
    public void Scheduling(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod(fields + ",'containers':[{" + C + "}]"));
    }

    [Theory]
    [InlineData("valid", "'dnsPolicy':'None','dnsConfig':{'nameservers':['10.0.0.10'],'searches':['svc.cluster.local.'],'options':[{'name':'ndots','value':'2'}]},'hostname':'web-0','subdomain':'web','activeDeadlineSeconds':60,'priorityClassName':'high','readinessGates':[{'conditionType':'example.com/ready'}],'schedulingGates':[{'name':'example.com/wait'}],'securityContext':{'runAsUser':1000,'fsGroup':2000,'sysctls':[{'name':'net.core.somaxconn','value':'1024'}],'seccompProfile':{'type':'RuntimeDefault'}}", "")]
    [InlineData("dns policy", "'dnsPolicy':'Cluster'", "spec.dnsPolicy: Unsupported value: \"Cluster\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"")]
    [InlineData("None without config", "'dnsPolicy':'None'", "spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None")]
    [InlineData("None without nameservers", "'dnsPolicy':'None','dnsConfig':{'searches':['a.b']}", "spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None")]
    [InlineData("bad nameserver", "'dnsConfig':{'nameservers':['dns.local']}", "spec.dnsConfig.nameservers[0]: Invalid value: \"dns.local\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    [InlineData("four nameservers", "'dnsConfig':{'nameservers':['1.1.1.1','1.0.0.1','8.8.8.8','8.8.4.4']}", "spec.dnsConfig.nameservers: Invalid value: []string{\"1.1.1.1\", \"1.0.0.1\", \"8.8.8.8\", \"8.8.4.4\"}: must not have more than 3 nameservers")]
    [InlineData("option without name", "'dnsConfig':{'options':[{'value':'1'}]}", "spec.dnsConfig.options[0]: Required value: must not be empty")]
    [InlineData("hostname", "'hostname':'Web_0'", "spec.hostname: Invalid value: \"Web_0\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("subdomain with dots", "'subdomain':'a.b'", "spec.subdomain: Invalid value: \"a.b\": must not contain dots")]
    [InlineData("deadline zero", "'activeDeadlineSeconds':0", "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive")]
    [InlineData("priority class name", "'priorityClassName':'High'", "spec.priorityClassName: Invalid value: \"High\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("readiness gate", "'readinessGates':[{'conditionType':'a/b/c'}]", "spec.readinessGates[0].conditionType: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    [InlineData("duplicate scheduling gate", "'schedulingGates':[{'name':'g'},{'name':'g'}]", "spec.schedulingGates[1]: Duplicate value: \"g\"")]
    [InlineData("negative user", "'securityContext':{'runAsUser':-1}", "spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive")]
    [InlineData("fsGroupChangePolicy", "'securityContext':{'fsGroupChangePolicy':'Sometimes'}", "spec.securityContext.fsGroupChangePolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnRootMismatch\"")]
    [InlineData("localhost seccomp without profile", "'securityContext':{'seccompProfile':{'type':'Localhost'}}", "spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost")]
    [InlineData("bad sysctl", "'securityContext':{'sysctls':[{'name':'Net.Core','value':'1'}]}", "spec.securityContext.sysctls[0].name: Invalid value: \"Net.Core\": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$")]
    [InlineData("net sysctl on host network", "'hostNetwork':true,'securityContext':{'sysctls':[{'name':'net.core.somaxconn','value':'1'}]}", "spec.securityContext.sysctls[0].name: Invalid value: \"net.core.somaxconn\": may not be specified when 'hostNetwork' is true")]
    [InlineData("privileged without escalation", "'containers':[{" + C + ",'securityContext':{'privileged':true,'allowPrivilegeEscalation':false}}]", "spec.containers[0].securityContext: Invalid value: {\"privileged\":true,\"allowPrivilegeEscalation\":false}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true")]
    [InlineData("os name", "'os':{'name':'plan9'}", "spec.os: Unsupported value: \"plan9\": supported values: \"linux\", \"windows\"")]
    [InlineData("preemption policy", "'preemptionPolicy':'Always'", "spec.preemptionPolicy: Unsupported value: \"Always\": supported values: \"PreemptLowerPriority\", \"Never\"")]
    [InlineData("overhead", "'overhead':{'cpu':'-1'}", "spec.overhead.limits[cpu]: Invalid value: \"-1\": must be greater than or equal to 0")]
    [InlineData("host alias ip", "'hostAliases':[{'ip':'x','hostnames':['a']}]", "spec.hostAliases[0].ip: Invalid value: \"x\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    public void PodFields(string name, string fields, string expected)
    {
        _ = name;
        var spec = fields.Contains("'containers'") ? fields : fields + ",'containers':[{" + C + "}]";
        StrategyRun.Expect(expected, Pod(spec));
    }

    [Theory]
    [InlineData("ephemeral containers on create", "'ephemeralContainers':[{'name':'dbg','image':'busybox'}],'containers':[{" + C + "}]", "spec.ephemeralContainers: Forbidden: cannot be set on create")]
    [InlineData("padded image", "'containers':[{'name':'c','image':' busybox'}]", "spec.containers[0].image: Invalid value: \" busybox\": must not have leading or trailing whitespace")]
    [InlineData("node name with gates", "'nodeName':'n1','schedulingGates':[{'name':'g'}],'containers':[{" + C + "}]", "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared")]
    public void PodCreateOnly(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod(spec));
    }

    [Fact]
    public void Template_ErrorsCarryTheTemplatePath()
    {
        var errors = StrategyRun.Create(Strategies.Deployment,
            "{'metadata':{'name':'d','namespace':'ns'},'spec':{'selector':{'matchLabels':{'app':'a'}},'template':{'metadata':{'labels':{'app':'a'}},'spec':{'containers':[{'name':'c','image':'busybox','ports':[{'containerPort':70000}],'volumeMounts':[{'name':'data','mountPath':'/data'}]}]}}}}");

        Assert.Equal(
            [
                "spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\"",
            ],
            errors);
    }

    [Fact]
    public void Template_KeepsPaddedImages()
    {
        // Upstream rejects whitespace around an image only in pods, for templates stored before the rule existed.
        var errors = StrategyRun.Create(Strategies.Deployment,
            "{'metadata':{'name':'d','namespace':'ns'},'spec':{'selector':{'matchLabels':{'app':'a'}},'template':{'metadata':{'labels':{'app':'a'}},'spec':{'containers':[{'name':'c','image':'busybox '}]}}}}");

        Assert.Empty(errors);
    }
}
