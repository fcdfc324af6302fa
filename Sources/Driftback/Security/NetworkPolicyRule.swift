/// NetworkPolicy rules are allow-lists: a new rule or peer, an emptied selector, or a removed `from`,
/// `to` or `ports` (which then means "all") loosens the policy. Removing a whole rule narrows traffic.
struct NetworkPolicyRule: SecurityRule {
  let id = "K8S-NETWORK-POLICY"
  let severity = Finding.Severity.high
  let summary = "a loosened NetworkPolicy admits traffic the source does not allow (CIS 5.3.2)"

  func assess(_ change: Change, kind: String) -> SecurityAssessment.Direction? {
    guard kind == "NetworkPolicy" else { return nil }
    let segments = change.path.segments
    if segments.isEmpty {
      // The whole policy: gone from the cluster means traffic it blocked now flows.
      return change.kind == .removed ? .weakens : nil
    }
    guard segments.count >= 2, segments[0] == .key("spec") else { return nil }
    let field: String? = if case .key(let key) = segments.last { key } else { nil }
    switch change.kind {
    case .added:
      // A new rule, peer or port widens what is allowed, except that a new `ports` or `from`/`to`
      // list inside an existing rule narrows it (absent means all).
      if let field, ["ports", "from", "to"].contains(field), segments.count >= 4 { return .strengthens }
      if field == "policyTypes" { return .strengthens }
      return .weakens
    case .removed:
      if let field, ["ports", "from", "to", "policyTypes"].contains(field) { return .weakens }
      if case .index = segments.last, segments.count == 3 { return .relevant }  // a whole rule
      return .weakens
    case .changed:
      if let live = change.live, live.isEmpty { return .weakens }
      if live(change)?.map?.isEmpty == true { return .weakens }
      return .relevant
    }
  }

  private func live(_ change: Change) -> Value? { change.live }
}
