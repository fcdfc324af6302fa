/// Kubernetes list matching: strategic-merge-patch and server-side-apply list keys, and the lists whose
/// order means nothing.
public struct KubernetesListPolicy: ListPolicy {
  /// The kind of the object being compared (Service `spec.ports` differ from container `ports`).
  public var kind: String

  /// Creates the policy for one kind.
  public init(kind: String) {
    self.kind = kind
  }

  static let keyedByName: Set<String> = [
    "containers", "initContainers", "ephemeralContainers", "volumes", "env", "imagePullSecrets", "webhooks",
    "schedulingGates", "resourceClaims",
  ]

  static let sets: Set<String> = [
    "finalizers", "policyTypes", "accessModes", "verbs", "apiGroups", "resources", "resourceNames",
    "nonResourceURLs", "add", "drop", "ipFamilies", "clusterIPs",
  ]

  public func matching(forListAt path: ValuePath, field: String) -> ListMatching {
    switch field {
    case _ where Self.keyedByName.contains(field): return .keyed(["name"])
    case "ports":
      if kind == "Service", path.segments == [.key("spec"), .key("ports")] { return .keyed(["port", "protocol"]) }
      if isInsideContainer(path) { return .keyed(["containerPort", "protocol"]) }
      return .ordered
    case "volumeMounts": return .keyed(["mountPath"])
    case "volumeDevices": return .keyed(["devicePath"])
    case "hostAliases": return .keyed(["ip"])
    case "conditions": return .keyed(["type"])
    case "topologySpreadConstraints": return .keyed(["topologyKey", "whenUnsatisfiable"])
    case "ownerReferences": return .keyed(["uid"])
    case "secrets" where kind == "ServiceAccount": return .keyed(["name"])
    case "resources" where path.segments.count >= 2 && isRule(path): return .set
    case _ where Self.sets.contains(field) && field != "resources": return .set
    default: return .ordered
    }
  }

  public func defaultKeyValue(field: String) -> String? {
    field == "protocol" ? "TCP" : nil
  }

  private func isInsideContainer(_ path: ValuePath) -> Bool {
    let segments = path.segments
    guard segments.count >= 3, case .key(let list) = segments[segments.count - 3] else { return false }
    return list == "containers" || list == "initContainers" || list == "ephemeralContainers"
  }

  /// RBAC `rules[i].resources` is a set; container `resources` is a map and never reaches here.
  private func isRule(_ path: ValuePath) -> Bool {
    let segments = path.segments
    guard segments.count >= 3, case .key("rules") = segments[segments.count - 3] else { return false }
    return true
  }
}
