/// `hostPath` volumes expose the node's filesystem to the pod.
struct HostPathVolumeRule: SecurityRule {
  let id = "K8S-HOST-PATH"
  let severity = Finding.Severity.high
  let summary = "hostPath volumes expose the node's filesystem to the pod (PSS: baseline)"

  func assess(_ change: Change, kind: String) -> SecurityAssessment.Direction? {
    guard KubernetesSecurityRules.podKinds.contains(kind),
      let (iac, live) = SecurityField.values(change, suffix: ["volumes", "hostPath"])
        ?? SecurityField.values(change, suffix: ["hostPath"])
    else { return nil }
    if live.count > iac.count { return .weakens }
    if iac.count > live.count { return .strengthens }
    return nil
  }
}
