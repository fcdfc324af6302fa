/// RBAC: more rules, verbs, resources, wildcards or subjects widen access.
struct RBACRule: SecurityRule {
  let id = "K8S-RBAC"
  let severity = Finding.Severity.high
  let summary = "widened RBAC grants permissions the source does not grant (CIS 5.1)"

  static let kinds: Set<String> = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]

  func assess(_ change: Change, kind: String) -> SecurityAssessment.Direction? {
    guard Self.kinds.contains(kind), let first = change.path.segments.first,
      first == .key("rules") || first == .key("subjects") || first == .key("roleRef")
    else { return nil }
    switch change.kind {
    case .added: return .weakens
    case .removed: return .strengthens
    case .changed:
      let iac = Set((change.iac?.list ?? change.iac.map { [$0] } ?? []).compactMap(\.scalarText))
      let live = Set((change.live?.list ?? change.live.map { [$0] } ?? []).compactMap(\.scalarText))
      if live.contains("*") && !iac.contains("*") { return .weakens }
      if !live.subtracting(iac).isEmpty { return .weakens }
      if !iac.subtracting(live).isEmpty { return .strengthens }
      return .relevant
    }
  }
}
