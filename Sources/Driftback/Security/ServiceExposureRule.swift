/// Service exposure: `spec.type` turned into `LoadBalancer` or `NodePort` at runtime (from `ClusterIP` or
/// absent) puts the workload on the node's or the cloud's network: **weakens**; back to an internal type
/// **strengthens**. An unmanaged exposed Service weakens too.
struct ServiceExposureRule: SecurityRule {
  let id = "K8S-SERVICE-EXPOSURE"
  let severity = Finding.Severity.high
  let summary =
    "a LoadBalancer or NodePort Service is reachable from outside the cluster (Kubernetes docs: Service type)"

  static let exposedTypes: Set<String> = ["LoadBalancer", "NodePort"]

  func assess(_ change: Change, kind: String) -> SecurityAssessment.Direction? {
    guard kind == "Service" else { return nil }
    let keys = change.path.segments.map { segment -> String? in
      if case .key(let key) = segment { return key }
      return nil
    }
    let field: [String]
    switch keys {
    case ["spec", "type"]: field = []
    case ["spec"]: field = ["type"]
    case []:
      // A whole Service: only one running outside the source is judged; a missing one is not an exposure.
      guard change.kind == .added else { return nil }
      field = ["spec", "type"]
    default: return nil
    }
    let iac = exposed(change.iac, field)
    let live = exposed(change.live, field)
    if live && !iac { return .weakens }
    return iac && !live ? .strengthens : nil
  }

  func exposed(_ value: Value?, _ field: [String]) -> Bool {
    guard let type = value?.value(at: field)?.string else { return false }
    return Self.exposedTypes.contains(type)
  }
}
