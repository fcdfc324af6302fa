import DriftbackSyntax
import Testing

@testable import Driftback

/// One runtime change and the verdict a rule must give it.
struct SecurityRuleCase: Sendable, CustomTestStringConvertible {
  var rule: String
  var direction: SecurityAssessment.Direction
  var kind: String
  var iac: String
  var live: String
  /// The path the differ must report (so the case tests the change shape it means to).
  var path: String
  var note: String

  var testDescription: String { "\(rule) \(direction.rawValue): \(note)" }
}

@Suite("Security: Kubernetes security rules")
struct SecurityRuleTests {
  // MARK: - Fixtures

  /// A Deployment with extra lines in the pod spec (indented by 6) and in the `web` container (by 10).
  static func deployment(pod: [String] = [], container: [String] = []) -> String {
    var lines = [
      "apiVersion: apps/v1", "kind: Deployment", "metadata: {name: web, namespace: shop}", "spec:", "  template:",
      "    spec:",
    ]
    lines += pod.map { "      " + $0 }
    lines += ["      containers:", "        - name: web", "          image: nginx:1.25"]
    lines += container.map { "          " + $0 }
    return lines.joined(separator: "\n") + "\n"
  }

  static let containerPath = "spec.template.spec.containers[name=web]"

  static func networkPolicy(ingress: String) -> String {
    """
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: web, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: web}}
      ingress:
    \(ingress)
    """
  }

  static func role(rules: String) -> String {
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader, namespace: shop}\nrules:\n" + rules
  }

  static let cases: [SecurityRuleCase] = {
    let c = containerPath
    func sc(_ text: String) -> [String] { ["securityContext: \(text)"] }
    return [
      // Privileged
      .init(
        rule: "K8S-PRIVILEGED", direction: .weakens, kind: "Deployment",
        iac: deployment(container: sc("{runAsNonRoot: true}")),
        live: deployment(container: sc("{runAsNonRoot: true, privileged: true}")),
        path: "\(c).securityContext.privileged", note: "privileged: true added"),
      .init(
        rule: "K8S-PRIVILEGED", direction: .weakens, kind: "Deployment",
        iac: deployment(), live: deployment(container: sc("{privileged: true}")),
        path: "\(c).securityContext", note: "a securityContext holding privileged: true added"),
      .init(
        rule: "K8S-PRIVILEGED", direction: .strengthens, kind: "Deployment",
        iac: deployment(container: sc("{privileged: true}")), live: deployment(container: sc("{privileged: false}")),
        path: "\(c).securityContext.privileged", note: "privileged true -> false"),
      // allowPrivilegeEscalation (absent means true)
      .init(
        rule: "K8S-PRIVILEGE-ESCALATION", direction: .weakens, kind: "Deployment",
        iac: deployment(container: sc("{allowPrivilegeEscalation: false}")),
        live: deployment(container: sc("{allowPrivilegeEscalation: true}")),
        path: "\(c).securityContext.allowPrivilegeEscalation", note: "false -> true"),
      .init(
        rule: "K8S-PRIVILEGE-ESCALATION", direction: .strengthens, kind: "Deployment",
        iac: deployment(container: sc("{runAsNonRoot: true}")),
        live: deployment(container: sc("{runAsNonRoot: true, allowPrivilegeEscalation: false}")),
        path: "\(c).securityContext.allowPrivilegeEscalation", note: "false added where absent meant true"),
      // runAsNonRoot
      .init(
        rule: "K8S-RUN-AS-NON-ROOT", direction: .weakens, kind: "Deployment",
        iac: deployment(container: sc("{runAsNonRoot: true}")),
        live: deployment(container: sc("{runAsNonRoot: false}")),
        path: "\(c).securityContext.runAsNonRoot", note: "true -> false"),
      .init(
        rule: "K8S-RUN-AS-NON-ROOT", direction: .weakens, kind: "Deployment",
        iac: deployment(pod: ["securityContext: {runAsNonRoot: true, fsGroup: 2000}"]),
        live: deployment(pod: ["securityContext: {fsGroup: 2000}"]),
        path: "spec.template.spec.securityContext.runAsNonRoot", note: "pod-level true removed"),
      .init(
        rule: "K8S-RUN-AS-NON-ROOT", direction: .strengthens, kind: "Deployment",
        iac: deployment(container: sc("{readOnlyRootFilesystem: true}")),
        live: deployment(container: sc("{readOnlyRootFilesystem: true, runAsNonRoot: true}")),
        path: "\(c).securityContext.runAsNonRoot", note: "true added"),
      // readOnlyRootFilesystem
      .init(
        rule: "K8S-READ-ONLY-ROOT-FS", direction: .weakens, kind: "Deployment",
        iac: deployment(container: sc("{readOnlyRootFilesystem: true}")),
        live: deployment(container: sc("{readOnlyRootFilesystem: false}")),
        path: "\(c).securityContext.readOnlyRootFilesystem", note: "true -> false"),
      .init(
        rule: "K8S-READ-ONLY-ROOT-FS", direction: .strengthens, kind: "Deployment",
        iac: deployment(container: sc("{runAsNonRoot: true}")),
        live: deployment(container: sc("{runAsNonRoot: true, readOnlyRootFilesystem: true}")),
        path: "\(c).securityContext.readOnlyRootFilesystem", note: "true added"),
      // Host namespaces
      .init(
        rule: "K8S-HOST-NETWORK", direction: .weakens, kind: "Deployment",
        iac: deployment(), live: deployment(pod: ["hostNetwork: true"]),
        path: "spec.template.spec.hostNetwork", note: "hostNetwork: true added"),
      .init(
        rule: "K8S-HOST-NETWORK", direction: .strengthens, kind: "Deployment",
        iac: deployment(pod: ["hostNetwork: true"]), live: deployment(),
        path: "spec.template.spec.hostNetwork", note: "hostNetwork: true gone live"),
      .init(
        rule: "K8S-HOST-PID", direction: .weakens, kind: "DaemonSet",
        iac: deployment().replacingOccurrences(of: "kind: Deployment", with: "kind: DaemonSet"),
        live: deployment(pod: ["hostPID: true"]).replacingOccurrences(of: "kind: Deployment", with: "kind: DaemonSet"),
        path: "spec.template.spec.hostPID", note: "hostPID: true added"),
      .init(
        rule: "K8S-HOST-PID", direction: .strengthens, kind: "Deployment",
        iac: deployment(pod: ["hostPID: true"]), live: deployment(pod: ["hostPID: false"]),
        path: "spec.template.spec.hostPID", note: "true -> false"),
      .init(
        rule: "K8S-HOST-IPC", direction: .weakens, kind: "Deployment",
        iac: deployment(pod: ["hostIPC: false"]), live: deployment(pod: ["hostIPC: true"]),
        path: "spec.template.spec.hostIPC", note: "false -> true"),
      .init(
        rule: "K8S-HOST-IPC", direction: .strengthens, kind: "Deployment",
        iac: deployment(pod: ["hostIPC: true"]), live: deployment(),
        path: "spec.template.spec.hostIPC", note: "true gone live"),
      // runAsUser 0
      .init(
        rule: "K8S-RUN-AS-ROOT-USER", direction: .weakens, kind: "Deployment",
        iac: deployment(container: sc("{runAsUser: 1000}")), live: deployment(container: sc("{runAsUser: 0}")),
        path: "\(c).securityContext.runAsUser", note: "1000 -> 0"),
      .init(
        rule: "K8S-RUN-AS-ROOT-USER", direction: .weakens, kind: "Deployment",
        iac: deployment(pod: ["securityContext: {fsGroup: 2000}"]),
        live: deployment(pod: ["securityContext: {fsGroup: 2000, runAsUser: 0}"]),
        path: "spec.template.spec.securityContext.runAsUser", note: "pod-level 0 added"),
      .init(
        rule: "K8S-RUN-AS-ROOT-USER", direction: .strengthens, kind: "Deployment",
        iac: deployment(container: sc("{runAsUser: 0}")), live: deployment(container: sc("{runAsUser: 10001}")),
        path: "\(c).securityContext.runAsUser", note: "0 -> 10001"),
      // Capabilities
      .init(
        rule: "K8S-CAPABILITIES", direction: .weakens, kind: "Deployment",
        iac: deployment(container: sc("{capabilities: {drop: [ALL]}}")),
        live: deployment(container: sc("{capabilities: {drop: [ALL], add: [NET_ADMIN]}}")),
        path: "\(c).securityContext.capabilities.add", note: "NET_ADMIN added"),
      .init(
        rule: "K8S-CAPABILITIES", direction: .weakens, kind: "Deployment",
        iac: deployment(container: sc("{capabilities: {drop: [ALL]}}")),
        live: deployment(container: sc("{capabilities: {drop: [NET_RAW]}}")),
        path: "\(c).securityContext.capabilities.drop", note: "drop ALL narrowed to NET_RAW"),
      .init(
        rule: "K8S-CAPABILITIES", direction: .strengthens, kind: "Deployment",
        iac: deployment(container: sc("{capabilities: {add: [NET_BIND_SERVICE]}}")),
        live: deployment(container: sc("{capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}}")),
        path: "\(c).securityContext.capabilities.drop", note: "drop ALL added"),
      .init(
        rule: "K8S-CAPABILITIES", direction: .strengthens, kind: "Deployment",
        iac: deployment(container: sc("{capabilities: {add: [NET_ADMIN, SYS_TIME]}}")),
        live: deployment(container: sc("{capabilities: {add: [NET_ADMIN]}}")),
        path: "\(c).securityContext.capabilities.add", note: "SYS_TIME no longer added"),
      // hostPath
      .init(
        rule: "K8S-HOST-PATH", direction: .weakens, kind: "Deployment",
        iac: deployment(pod: ["volumes: [{name: cache, emptyDir: {}}]"]),
        live: deployment(pod: [
          "volumes: [{name: cache, emptyDir: {}}, {name: docker, hostPath: {path: /var/run/docker.sock}}]"
        ]),
        path: "spec.template.spec.volumes[name=docker]", note: "hostPath volume added"),
      .init(
        rule: "K8S-HOST-PATH", direction: .strengthens, kind: "Deployment",
        iac: deployment(pod: ["volumes: [{name: cache, emptyDir: {}}, {name: logs, hostPath: {path: /var/log}}]"]),
        live: deployment(pod: ["volumes: [{name: cache, emptyDir: {}}]"]),
        path: "spec.template.spec.volumes[name=logs]", note: "hostPath volume gone live"),
      // NetworkPolicy
      .init(
        rule: "K8S-NETWORK-POLICY", direction: .weakens, kind: "NetworkPolicy",
        iac: networkPolicy(ingress: "    - from: [{podSelector: {matchLabels: {app: gateway}}}]"),
        live: networkPolicy(
          ingress: "    - from: [{podSelector: {matchLabels: {app: gateway}}}, {ipBlock: {cidr: 0.0.0.0/0}}]"),
        path: "spec.ingress[0].from[1]", note: "a peer added"),
      .init(
        rule: "K8S-NETWORK-POLICY", direction: .weakens, kind: "NetworkPolicy",
        iac: networkPolicy(
          ingress: "    - from: [{podSelector: {matchLabels: {app: gateway}}}]\n      ports: [{port: 8080}]"),
        live: networkPolicy(ingress: "    - ports: [{port: 8080}]"),
        path: "spec.ingress[0].from", note: "`from` removed: every source allowed"),
      .init(
        rule: "K8S-NETWORK-POLICY", direction: .strengthens, kind: "NetworkPolicy",
        iac: networkPolicy(ingress: "    - from: [{podSelector: {matchLabels: {app: gateway}}}]"),
        live: networkPolicy(
          ingress: "    - from: [{podSelector: {matchLabels: {app: gateway}}}]\n      ports: [{port: 8080}]"),
        path: "spec.ingress[0].ports", note: "ports added to a rule: fewer ports allowed"),
      // RBAC
      .init(
        rule: "K8S-RBAC", direction: .weakens, kind: "Role",
        iac: role(rules: "  - {apiGroups: [\"\"], resources: [pods], verbs: [get, list]}"),
        live: role(rules: "  - {apiGroups: [\"\"], resources: [pods], verbs: [get, list, \"*\"]}"),
        path: "rules[0].verbs", note: "verb * added"),
      .init(
        rule: "K8S-RBAC", direction: .weakens, kind: "Role",
        iac: role(rules: "  - {apiGroups: [\"\"], resources: [pods], verbs: [get]}"),
        live: role(
          rules:
            "  - {apiGroups: [\"\"], resources: [pods], verbs: [get]}\n  - {apiGroups: [\"\"], resources: [secrets], verbs: [get]}"
        ),
        path: "rules[1]", note: "a rule added"),
      .init(
        rule: "K8S-RBAC", direction: .strengthens, kind: "Role",
        iac: role(rules: "  - {apiGroups: [\"\"], resources: [pods], verbs: [get, list, delete]}"),
        live: role(rules: "  - {apiGroups: [\"\"], resources: [pods], verbs: [get, list]}"),
        path: "rules[0].verbs", note: "delete no longer granted"),
      // Service exposure
      .init(
        rule: "K8S-SERVICE-EXPOSURE", direction: .weakens, kind: "Service", iac: service(type: "ClusterIP"),
        live: service(type: "LoadBalancer"), path: "spec.type", note: "exposed through a cloud load balancer"),
      .init(
        rule: "K8S-SERVICE-EXPOSURE", direction: .strengthens, kind: "Service", iac: service(type: "NodePort"),
        live: service(type: "ClusterIP"), path: "spec.type", note: "back inside the cluster"),
      // Secret data
      .init(
        rule: "K8S-SECRET-DATA", direction: .weakens, kind: "Secret", iac: secret(["password: aGVsbG8="]),
        live: secret(["password: aGVsbG8=", "backdoor: c2VjcmV0"]), path: "data.backdoor",
        note: "a credential nobody declared"),
      .init(
        rule: "K8S-SECRET-DATA", direction: .strengthens, kind: "Secret",
        iac: secret(["password: aGVsbG8=", "legacy-token: b2xk"]), live: secret(["password: aGVsbG8="]),
        path: "data.legacy-token", note: "a credential revoked"),
      .init(
        rule: "K8S-SECRET-DATA", direction: .relevant, kind: "Secret", iac: secret(["password: aGVsbG8="]),
        live: secret(["password: cm90YXRlZA=="]), path: "data.password", note: "rotated or tampered: a person decides"),
    ]
  }()

  static func secret(_ data: [String]) -> String {
    "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\ntype: Opaque\ndata:\n"
      + data.map { "  \($0)\n" }.joined()
  }

  static func service(type: String) -> String {
    "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: \(type)\n"
      + "  ports: [{port: 80}]\n"
  }

  // MARK: - Every rule, both ways

  @Test(arguments: cases)
  func ruleJudgesTheChange(_ testCase: SecurityRuleCase) throws {
    let changes = try AnalysisFixture.changes(iac: testCase.iac, live: testCase.live, kind: testCase.kind)
    #expect(changes.map(\.path.description) == [testCase.path])
    let change = try #require(changes.first)
    let rule = try #require(KubernetesSecurityRules.all.first { $0.id == testCase.rule })
    #expect(rule.assess(change, kind: testCase.kind) == testCase.direction)
    let assessment = try #require(KubernetesSecurityRules.assess(change, kind: testCase.kind))
    #expect(assessment.rule == testCase.rule)
    #expect(assessment.direction == testCase.direction)
    // A change with no clear safer side is for review at medium severity.
    #expect(assessment.severity == (testCase.direction == .relevant ? .medium : rule.severity))
  }

  @Test func everyRuleHasAWeakeningAndAStrengtheningCase() {
    let ids = Set(KubernetesSecurityRules.all.map(\.id))
    #expect(ids.count == KubernetesSecurityRules.all.count, "rule ids must be unique")
    for direction in [SecurityAssessment.Direction.weakens, .strengthens] {
      let covered = Set(Self.cases.filter { $0.direction == direction }.map(\.rule))
      #expect(covered == ids, "rules without a \(direction) case: \(ids.subtracting(covered).sorted())")
    }
  }

  // MARK: - Subtrees and whole objects

  @Test func privilegedInsideAnAddedContainerWeakens() throws {
    let live =
      Self.deployment() + """
                - name: debug
                  image: busybox:1.36
                  securityContext: {privileged: true}

        """
    let changes = try AnalysisFixture.changes(iac: Self.deployment(), live: live)
    #expect(changes.map(\.path.description) == ["spec.template.spec.containers[name=debug]"])
    let change = try #require(changes.first)
    let assessment = try #require(KubernetesSecurityRules.assess(change, kind: "Deployment"))
    #expect(assessment.rule == "K8S-PRIVILEGED")
    #expect(assessment.direction == .weakens)
    #expect(assessment.severity == .critical)
  }

  @Test func anAddedContainerWithoutRiskySettingsIsNotJudged() throws {
    let live = Self.deployment() + "        - {name: sidecar, image: \"envoy:1.30\"}\n"
    let change = try #require(try AnalysisFixture.changes(iac: Self.deployment(), live: live).first)
    #expect(KubernetesSecurityRules.assess(change, kind: "Deployment") == nil)
  }

  @Test func aWholeNetworkPolicyMissingWeakens() throws {
    let policy = try ModelFixture.yaml(Self.networkPolicy(ingress: "    - from: [{podSelector: {}}]"))
    let missing = Change(path: .root, kind: .removed, iac: policy, live: nil)
    let assessment = try #require(KubernetesSecurityRules.assess(missing, kind: "NetworkPolicy"))
    #expect(assessment.rule == "K8S-NETWORK-POLICY")
    #expect(assessment.direction == .weakens)
    #expect(assessment.severity == .high)
    let unmanaged = Change(path: .root, kind: .added, iac: nil, live: policy)
    #expect(KubernetesSecurityRules.assess(unmanaged, kind: "NetworkPolicy")?.direction != .weakens)
  }

  @Test func aWeakeningBeatsAStrengtheningInTheSameChange() throws {
    let live = Self.deployment(container: ["securityContext: {runAsNonRoot: true, privileged: true}"])
    let change = try #require(try AnalysisFixture.changes(iac: Self.deployment(), live: live).first)
    #expect(
      KubernetesSecurityRules.all.first { $0.id == "K8S-RUN-AS-NON-ROOT" }?.assess(change, kind: "Deployment")
        == .strengthens)
    let assessment = try #require(KubernetesSecurityRules.assess(change, kind: "Deployment"))
    #expect(assessment.rule == "K8S-PRIVILEGED")
    #expect(assessment.direction == .weakens)
  }

  @Test func podRulesIgnoreKindsWithoutAPodSpec() throws {
    let change = Change(
      path: try ValuePath(parsing: "data.securityContext.privileged"), kind: .added, iac: nil, live: true)
    #expect(KubernetesSecurityRules.assess(change, kind: "ConfigMap") == nil)
    let hostNetwork = Change(path: try ValuePath(parsing: "spec.hostNetwork"), kind: .added, iac: nil, live: true)
    #expect(KubernetesSecurityRules.assess(hostNetwork, kind: "Service") == nil)
    #expect(KubernetesSecurityRules.assess(hostNetwork, kind: "Pod")?.rule == "K8S-HOST-NETWORK")
  }

  @Test func unrelatedChangesAreNotJudged() throws {
    let iac = Self.deployment(container: ["securityContext: {runAsNonRoot: true}"])
    let live = iac.replacingOccurrences(of: "nginx:1.25", with: "nginx:1.26")
    let change = try #require(try AnalysisFixture.changes(iac: iac, live: live).first)
    #expect(change.path.description == "spec.template.spec.containers[name=web].image")
    #expect(KubernetesSecurityRules.assess(change, kind: "Deployment") == nil)
  }

  @Test func aRelevantChangeHasMediumSeverity() throws {
    // A NetworkPolicy selector changed to another non-empty one: neither clearly wider nor narrower.
    let iac = Self.networkPolicy(ingress: "    - from: [{podSelector: {matchLabels: {app: gateway}}}]")
    let live = iac.replacingOccurrences(of: "app: gateway}}}]", with: "app: ingress}}}]")
    let change = try #require(try AnalysisFixture.changes(iac: iac, live: live, kind: "NetworkPolicy").first)
    let assessment = try #require(KubernetesSecurityRules.assess(change, kind: "NetworkPolicy"))
    #expect(assessment.direction == .relevant)
    #expect(assessment.severity == .medium)
  }
}
