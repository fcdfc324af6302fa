/// The Kubernetes security rules, in the order they are tried. The first rule that judges a change wins,
/// except that a weakening always beats a strengthening.
public enum KubernetesSecurityRules {
  static let podKinds: Set<String> = Set(KubernetesKind.podSpecPaths.keys)

  /// Every rule.
  public static let all: [any SecurityRule] = [
    BooleanControlRule(
      id: "K8S-PRIVILEGED", severity: .critical,
      summary: "privileged containers have full access to the node (Pod Security Standards: baseline)",
      field: ["securityContext", "privileged"], riskyValue: true, absentMeans: false, kinds: podKinds),
    BooleanControlRule(
      id: "K8S-PRIVILEGE-ESCALATION", severity: .high,
      summary: "allowPrivilegeEscalation lets a process gain more privileges than its parent (PSS: restricted)",
      field: ["securityContext", "allowPrivilegeEscalation"], riskyValue: true, absentMeans: true, kinds: podKinds),
    BooleanControlRule(
      id: "K8S-RUN-AS-NON-ROOT", severity: .high,
      summary: "runAsNonRoot makes the kubelet refuse to start containers as root (PSS: restricted)",
      field: ["securityContext", "runAsNonRoot"], riskyValue: false, absentMeans: false, kinds: podKinds),
    BooleanControlRule(
      id: "K8S-READ-ONLY-ROOT-FS", severity: .medium,
      summary: "a read-only root filesystem stops attackers from changing the container image at runtime (CIS 5.7)",
      field: ["securityContext", "readOnlyRootFilesystem"], riskyValue: false, absentMeans: false, kinds: podKinds),
    BooleanControlRule(
      id: "K8S-HOST-NETWORK", severity: .high,
      summary: "hostNetwork puts the pod in the node's network namespace (PSS: baseline)",
      field: ["hostNetwork"], riskyValue: true, absentMeans: false, kinds: podKinds),
    BooleanControlRule(
      id: "K8S-HOST-PID", severity: .high,
      summary: "hostPID shares the node's process namespace with the pod (PSS: baseline)",
      field: ["hostPID"], riskyValue: true, absentMeans: false, kinds: podKinds),
    BooleanControlRule(
      id: "K8S-HOST-IPC", severity: .high,
      summary: "hostIPC shares the node's IPC namespace with the pod (PSS: baseline)",
      field: ["hostIPC"], riskyValue: true, absentMeans: false, kinds: podKinds),
    RunAsRootUserRule(),
    CapabilitiesRule(),
    HostPathVolumeRule(),
    NetworkPolicyRule(),
    RBACRule(),
    ServiceExposureRule(),
    SecretDataRule(),
  ]

  /// Judges a change: a weakening found by any rule wins over other verdicts.
  public static func assess(_ change: Change, kind: String, rules: [any SecurityRule] = all) -> SecurityAssessment? {
    var best: SecurityAssessment?
    for rule in rules {
      guard let direction = rule.assess(change, kind: kind) else { continue }
      let assessment = rule.assessment(direction)
      if direction == .weakens {
        if best?.direction != .weakens || assessment.severity < (best?.severity ?? .info) { best = assessment }
      } else if best == nil {
        best = assessment
      }
    }
    return best
  }
}
