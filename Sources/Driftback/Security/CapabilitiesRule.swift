/// Linux capabilities: adding any is a weakening; dropping more (or `ALL`) is a strengthening.
struct CapabilitiesRule: SecurityRule {
  let id = "K8S-CAPABILITIES"
  let severity = Finding.Severity.high
  let summary = "added Linux capabilities widen what a compromised container can do (PSS: baseline/restricted)"

  func assess(_ change: Change, kind: String) -> SecurityAssessment.Direction? {
    guard KubernetesSecurityRules.podKinds.contains(kind) else { return nil }
    let added = SecurityField.values(change, suffix: ["capabilities", "add"])
    let dropped = SecurityField.values(change, suffix: ["capabilities", "drop"])
    if let added {
      let iac = Set(added.iac.flatMap { $0.list ?? [$0] }.compactMap(\.string))
      let live = Set(added.live.flatMap { $0.list ?? [$0] }.compactMap(\.string))
      if !live.subtracting(iac).isEmpty { return .weakens }
      if !iac.subtracting(live).isEmpty { return .strengthens }
    }
    if let dropped {
      let iac = Set(dropped.iac.flatMap { $0.list ?? [$0] }.compactMap(\.string))
      let live = Set(dropped.live.flatMap { $0.list ?? [$0] }.compactMap(\.string))
      if iac.contains("ALL") && !live.contains("ALL") { return .weakens }
      if !iac.subtracting(live).isEmpty && !live.contains("ALL") { return .weakens }
      if !live.subtracting(iac).isEmpty { return .strengthens }
    }
    return nil
  }
}
