/// `runAsUser: 0` runs the container as root.
struct RunAsRootUserRule: SecurityRule {
  let id = "K8S-RUN-AS-ROOT-USER"
  let severity = Finding.Severity.high
  let summary = "runAsUser 0 runs the container as root (PSS: restricted)"

  func assess(_ change: Change, kind: String) -> SecurityAssessment.Direction? {
    guard KubernetesSecurityRules.podKinds.contains(kind),
      let (iac, live) = SecurityField.values(change, suffix: ["securityContext", "runAsUser"])
    else { return nil }
    let iacRoot = iac.contains { $0.number?.integer == 0 }
    let liveRoot = live.contains { $0.number?.integer == 0 }
    if liveRoot && !iacRoot { return .weakens }
    if iacRoot && !liveRoot { return .strengthens }
    return nil
  }
}
