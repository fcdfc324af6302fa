/// Facts about Kubernetes kinds that addressing and normalization need.
public enum KubernetesKind {
  /// Kinds that are not namespaced (built-in and common add-ons).
  public static let clusterScoped: Set<String> = [
    "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
    "StorageClass", "PriorityClass", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding", "APIService", "CSIDriver", "CSINode", "IngressClass", "RuntimeClass",
    "VolumeAttachment", "CertificateSigningRequest", "PodSecurityPolicy", "ComponentStatus", "FlowSchema",
    "PriorityLevelConfiguration", "ClusterIssuer", "VolumeSnapshotClass", "VolumeSnapshotContent",
    "DeviceClass", "StorageVersionMigration", "ClusterTriggerAuthentication", "GatewayClass",
  ]

  /// The kinds whose pod template lives at a fixed path, and that path.
  public static let podSpecPaths: [String: [String]] = [
    "Pod": ["spec"],
    "Deployment": ["spec", "template", "spec"],
    "ReplicaSet": ["spec", "template", "spec"],
    "ReplicationController": ["spec", "template", "spec"],
    "StatefulSet": ["spec", "template", "spec"],
    "DaemonSet": ["spec", "template", "spec"],
    "Job": ["spec", "template", "spec"],
    "CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
    "PodTemplate": ["template", "spec"],
  ]

  /// The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → ``).
  public static func group(ofAPIVersion apiVersion: String) -> String {
    guard let slash = apiVersion.lastIndex(of: "/") else { return "" }
    return String(apiVersion[..<slash])
  }

  /// Whether a kind is cluster-scoped.
  public static func isClusterScoped(_ kind: String) -> Bool { clusterScoped.contains(kind) }
}
