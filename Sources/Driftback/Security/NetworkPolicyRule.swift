/// NetworkPolicy rules are allow-lists, so direction depends on where the change is:
/// - a whole policy gone from the cluster, a new rule, a new peer or port, an emptied selector, or a
///   removed `from`/`to`/`ports` list (absent means "all") loosens the policy: **weakens**;
/// - a removed peer or port, a new `from`/`to`/`ports` list in a rule, or a new policy type narrows it:
///   **strengthens** (worth carrying into source);
/// - a removed whole rule narrows traffic but may break the application, and selector or CIDR edits
///   cannot be judged without the cluster: **relevant** (review).
struct NetworkPolicyRule: SecurityRule {
  let id = "K8S-NETWORK-POLICY"
  let severity = Finding.Severity.high
  let summary = "a loosened NetworkPolicy admits traffic the source does not allow (CIS 5.3.2)"

  func assess(_ change: Change, kind: String) -> SecurityAssessment.Direction? {
    guard kind == "NetworkPolicy" else { return nil }
    let segments = change.path.segments
    if segments.isEmpty { return change.kind == .removed ? .weakens : nil }
    guard segments.first == .key("spec"), segments.count >= 2 else { return nil }
    if segments[1] == .key("policyTypes") {
      let iac = Set((change.iac?.list ?? []).compactMap(\.string))
      let live = Set((change.live?.list ?? []).compactMap(\.string))
      if !iac.subtracting(live).isEmpty { return .weakens }
      return live.subtracting(iac).isEmpty ? nil : .strengthens
    }
    guard segments[1] == .key("ingress") || segments[1] == .key("egress") else { return .relevant }
    // Positions: spec.ingress[i].from[j].…
    let rest = Array(segments.dropFirst(2))
    switch rest.count {
    case 0:
      // The whole list of rules.
      return change.kind == .added ? .weakens : .relevant
    case 1:
      // A whole rule.
      return change.kind == .added ? .weakens : .relevant
    case 2:
      // `from`, `to` or `ports` of a rule: absent means all.
      switch change.kind {
      case .added: return .strengthens
      case .removed: return .weakens
      case .changed: return change.live?.isDeeplyEmpty == true ? .weakens : .relevant
      }
    case 3:
      // One peer or port.
      switch change.kind {
      case .added: return .weakens
      case .removed: return .strengthens
      case .changed: return .relevant
      }
    default:
      // Inside a peer: an emptied selector selects everything; a removed `except` opens a CIDR.
      if case .key(let field) = rest.last {
        if field.hasSuffix("Selector"), change.kind != .removed, change.live?.isDeeplyEmpty == true { return .weakens }
        if field == "except", change.kind == .removed { return .weakens }
        // Without its podSelector a peer admits every pod of the selected namespaces.
        if field == "podSelector", change.kind == .removed { return .weakens }
      }
      return .relevant
    }
  }
}
