#!/usr/bin/env python3
"""Generates Printing/Docs.cs: the column descriptions upstream takes from SwaggerDoc() of API fields.

Source: the KubernetesClient package's XML documentation (generated from the same Go doc comments as
the OpenAPI/SwaggerDoc strings). Paragraphs are re-joined the way SwaggerDoc strings are: wrapped
lines with single spaces, paragraphs with a blank line.

Usage: python3 tools/gen_docs.py [path/to/KubernetesClient.xml] > Printing/Docs.cs
"""
import glob
import html
import os
import re
import sys
import xml.etree.ElementTree as ET

# (constant, KubernetesClient member "Type.Property"); upstream's Go type in the comment where it differs.
FIELDS = [
    ("MetaName", "V1ObjectMeta.Name"),
    ("MetaCreationTimestamp", "V1ObjectMeta.CreationTimestamp"),
    ("PodStatusPodIP", "V1PodStatus.PodIP"),
    ("PodSpecNodeName", "V1PodSpec.NodeName"),
    ("PodStatusNominatedNodeName", "V1PodStatus.NominatedNodeName"),
    ("PodSpecReadinessGates", "V1PodSpec.ReadinessGates"),
    ("PodSpecNodeSelector", "V1PodSpec.NodeSelector"),
    ("RcSpecReplicas", "V1ReplicationControllerSpec.Replicas"),
    ("RcStatusReplicas", "V1ReplicationControllerStatus.Replicas"),
    ("RcStatusReadyReplicas", "V1ReplicationControllerStatus.ReadyReplicas"),
    ("RcSpecSelector", "V1ReplicationControllerSpec.Selector"),
    # upstream: extensions/v1beta1 ReplicaSet, DaemonSet, Deployment
    ("RsSpecReplicas", "V1ReplicaSetSpec.Replicas"),
    ("RsStatusReplicas", "V1ReplicaSetStatus.Replicas"),
    ("RsStatusReadyReplicas", "V1ReplicaSetStatus.ReadyReplicas"),
    ("RsSpecSelector", "V1ReplicaSetSpec.Selector"),
    ("DsStatusDesired", "V1DaemonSetStatus.DesiredNumberScheduled"),
    ("DsStatusCurrent", "V1DaemonSetStatus.CurrentNumberScheduled"),
    ("DsStatusReady", "V1DaemonSetStatus.NumberReady"),
    ("DsStatusUpdated", "V1DaemonSetStatus.UpdatedNumberScheduled"),
    ("DsStatusAvailable", "V1DaemonSetStatus.NumberAvailable"),
    ("DsSpecSelector", "V1DaemonSetSpec.Selector"),
    ("DeployStatusUpdated", "V1DeploymentStatus.UpdatedReplicas"),
    ("DeployStatusAvailable", "V1DeploymentStatus.AvailableReplicas"),
    ("DeploySpecSelector", "V1DeploymentSpec.Selector"),
    ("JobStatusSucceeded", "V1JobStatus.Succeeded"),
    ("JobSpecSelector", "V1JobSpec.Selector"),
    # upstream: batch/v1beta1 CronJob
    ("CronSpecSchedule", "V1CronJobSpec.Schedule"),
    ("CronSpecTimeZone", "V1CronJobSpec.TimeZone"),
    ("CronSpecSuspend", "V1CronJobSpec.Suspend"),
    ("CronStatusActive", "V1CronJobStatus.Active"),
    ("CronStatusLastSchedule", "V1CronJobStatus.LastScheduleTime"),
    ("SvcSpecType", "V1ServiceSpec.Type"),
    ("SvcSpecClusterIP", "V1ServiceSpec.ClusterIP"),
    ("SvcSpecExternalIPs", "V1ServiceSpec.ExternalIPs"),
    ("SvcSpecPorts", "V1ServiceSpec.Ports"),
    ("SvcSpecSelector", "V1ServiceSpec.Selector"),
    ("EndpointsSubsets", "V1Endpoints.Subsets"),
    ("NodeInfoKubeletVersion", "V1NodeSystemInfo.KubeletVersion"),
    ("NodeStatusAddresses", "V1NodeStatus.Addresses"),
    ("NodeInfoOSImage", "V1NodeSystemInfo.OsImage"),
    ("NodeInfoKernelVersion", "V1NodeSystemInfo.KernelVersion"),
    ("NodeInfoContainerRuntime", "V1NodeSystemInfo.ContainerRuntimeVersion"),
    ("EventLastTimestamp", "Corev1Event.LastTimestamp"),
    ("EventType", "Corev1Event.Type"),
    ("EventReason", "Corev1Event.Reason"),
    ("EventInvolvedObject", "Corev1Event.InvolvedObject"),
    ("ObjectReferenceFieldPath", "V1ObjectReference.FieldPath"),
    ("EventSource", "Corev1Event.Source"),
    ("EventMessage", "Corev1Event.Message"),
    ("EventFirstTimestamp", "Corev1Event.FirstTimestamp"),
    ("EventCount", "Corev1Event.Count"),
    ("SecretType", "V1Secret.Type"),
    ("SecretData", "V1Secret.Data"),
    ("ServiceAccountSecrets", "V1ServiceAccount.Secrets"),
    ("PvSpecCapacity", "V1PersistentVolumeSpec.Capacity"),
    ("PvSpecAccessModes", "V1PersistentVolumeSpec.AccessModes"),
    ("PvSpecReclaimPolicy", "V1PersistentVolumeSpec.PersistentVolumeReclaimPolicy"),
    ("PvStatusPhase", "V1PersistentVolumeStatus.Phase"),
    ("PvSpecClaimRef", "V1PersistentVolumeSpec.ClaimRef"),
    ("PvStatusReason", "V1PersistentVolumeStatus.Reason"),
    ("PvSpecVolumeMode", "V1PersistentVolumeSpec.VolumeMode"),
    ("PvcStatusPhase", "V1PersistentVolumeClaimStatus.Phase"),
    ("PvcSpecVolumeName", "V1PersistentVolumeClaimSpec.VolumeName"),
    ("PvcStatusCapacity", "V1PersistentVolumeClaimStatus.Capacity"),
    ("PvcStatusAccessModes", "V1PersistentVolumeClaimStatus.AccessModes"),
    ("PvcSpecVolumeMode", "V1PersistentVolumeClaimSpec.VolumeMode"),
    # upstream: autoscaling/v2beta1
    ("HpaSpecScaleTargetRef", "V2HorizontalPodAutoscalerSpec.ScaleTargetRef"),
    ("HpaSpecMetrics", "V2HorizontalPodAutoscalerSpec.Metrics"),
    ("HpaSpecMinReplicas", "V2HorizontalPodAutoscalerSpec.MinReplicas"),
    ("HpaSpecMaxReplicas", "V2HorizontalPodAutoscalerSpec.MaxReplicas"),
    ("HpaStatusCurrentReplicas", "V2HorizontalPodAutoscalerStatus.CurrentReplicas"),
    ("ConfigMapData", "V1ConfigMap.Data"),
    ("NetworkPolicySpecPodSelector", "V1NetworkPolicySpec.PodSelector"),
    ("RoleBindingRoleRef", "V1RoleBinding.RoleRef"),
    ("ClusterRoleBindingRoleRef", "V1ClusterRoleBinding.RoleRef"),
    ("CsrSpecSignerName", "V1CertificateSigningRequestSpec.SignerName"),
    ("CsrSpecRequest", "V1CertificateSigningRequestSpec.Request"),
    ("CsrSpecExpirationSeconds", "V1CertificateSigningRequestSpec.ExpirationSeconds"),
    ("CsrStatusConditions", "V1CertificateSigningRequestStatus.Conditions"),
    ("LeaseSpecHolderIdentity", "V1LeaseSpec.HolderIdentity"),
    ("StorageClassProvisioner", "V1StorageClass.Provisioner"),
    ("StorageClassReclaimPolicy", "V1StorageClass.ReclaimPolicy"),
    ("StorageClassVolumeBindingMode", "V1StorageClass.VolumeBindingMode"),
    ("StorageClassAllowVolumeExpansion", "V1StorageClass.AllowVolumeExpansion"),
    ("ControllerRevisionRevision", "V1ControllerRevision.Revision"),
    ("PriorityClassValue", "V1PriorityClass.Value"),
    ("PriorityClassGlobalDefault", "V1PriorityClass.GlobalDefault"),
    ("PriorityClassPreemptionPolicy", "V1PriorityClass.PreemptionPolicy"),
    ("VolumeAttachmentAttacher", "V1VolumeAttachmentSpec.Attacher"),
    ("VolumeAttachmentPV", "V1VolumeAttachmentSource.PersistentVolumeName"),
    ("VolumeAttachmentNodeName", "V1VolumeAttachmentSpec.NodeName"),
    ("VolumeAttachmentAttached", "V1VolumeAttachmentStatus.Attached"),
    # upstream: discovery/v1beta1
    ("EndpointSliceAddressType", "V1EndpointSlice.AddressType"),
    ("EndpointSlicePorts", "V1EndpointSlice.Ports"),
    ("EndpointSliceEndpoints", "V1EndpointSlice.Endpoints"),
    ("CsiDriverAttachRequired", "V1CSIDriverSpec.AttachRequired"),
    ("CsiDriverPodInfoOnMount", "V1CSIDriverSpec.PodInfoOnMount"),
    ("CsiDriverStorageCapacity", "V1CSIDriverSpec.StorageCapacity"),
    ("CsiDriverTokenRequests", "V1CSIDriverSpec.TokenRequests"),
    ("CsiDriverRequiresRepublish", "V1CSIDriverSpec.RequiresRepublish"),
    ("CsiDriverModes", "V1CSIDriverSpec.VolumeLifecycleModes"),
    ("CsiStorageCapacityClassName", "V1CSIStorageCapacity.StorageClassName"),
    ("CsiStorageCapacityCapacity", "V1CSIStorageCapacity.Capacity"),
]


def find_xml():
    if len(sys.argv) > 1:
        return sys.argv[1]
    hits = sorted(glob.glob(os.path.expanduser("~/.nuget/packages/kubernetesclient/*/lib/net*/KubernetesClient.xml")))
    if not hits:
        sys.exit("KubernetesClient.xml not found; pass its path")
    return hits[-1]


def summary_text(raw):
    paragraphs, current = [], []
    for line in raw.splitlines():
        line = line.strip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def csharp_literal(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main():
    root = ET.parse(find_xml()).getroot()
    docs = {}
    for member in root.iter("member"):
        name = member.get("name", "")
        if name.startswith("P:k8s.Models."):
            summary = member.find("summary")
            if summary is not None:
                docs[name[len("P:k8s.Models."):]] = summary_text("".join(summary.itertext()))
    out = [
        "// <auto-generated> by tools/gen_docs.py from the KubernetesClient XML docs. Do not edit. </auto-generated>",
        "namespace Wharf.Api.Tables.Printing;",
        "",
        "/// <summary>API field documentation used as column descriptions (upstream: SwaggerDoc()).</summary>",
        "internal static class Docs",
        "{",
    ]
    for const, member in FIELDS:
        if member not in docs:
            sys.exit("missing doc for " + member)
        out.append(f"    public const string {const} = {csharp_literal(docs[member])};")
        out.append("")
    out[-1] = "}"
    print("\n".join(out))


if __name__ == "__main__":
    main()
