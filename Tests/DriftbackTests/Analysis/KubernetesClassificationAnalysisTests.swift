import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("Analysis: KubernetesAnalyzer findings and actions")
struct KubernetesClassificationAnalysisTests {
  typealias S = AnalyzerSamples

  static let iac = [
    "iac/web.yaml": S.iacDeployment, "iac/netpol.yaml": S.iacNetworkPolicies, "iac/data.yaml": S.iacSecretAndConfig,
  ]

  /// A capture where someone scaled the Deployment, rotated its DB password by hand, hardened its container,
  /// opened the ingress policy to the world and rotated the Secret; `default-deny` and `feature-flags` are gone.
  static let live = [
    "live/shop.yaml": S.liveList(
      S.liveDeployment(
        replicas: 4, dbPassword: "rotated-by-hand-2026",
        securityContext: "allowPrivilegeEscalation: false, runAsNonRoot: true"),
      S.liveService, S.liveEndpoints(name: "web"), S.liveOwnedReplicaSetAndPod, S.liveNamespaceDefaults,
      S.liveNetworkPolicy(extraPeer: true), S.liveSecretAndConfig)
  ]

  static func run() -> Analysis {
    AnalysisFixture.analyze(iac: iac, live: live, defaultNamespace: "shop")
  }

  static func finding(_ analysis: Analysis, _ resource: String, _ path: String) throws -> Finding {
    try #require(analysis.findings.first { $0.resource.text == resource && $0.path.description == path })
  }

  @Test func everyFindingWithItsAction() {
    let analysis = Self.run()
    #expect(analysis.diagnostics.filter { $0.severity != .note }.isEmpty, "\(analysis.diagnostics)")
    let lines = analysis.findings.map {
      "\($0.kind.rawValue) \($0.resource) \($0.path) \($0.change.rawValue) \($0.action.rawValue)"
    }
    #expect(
      lines == [
        "missing ConfigMap/shop/feature-flags  removed review",
        "runtime-patch Deployment.apps/shop/web spec.replicas changed backport",
        // A literal secret value moves into a secretKeyRef.
        "runtime-patch Deployment.apps/shop/web spec.template.spec.containers[name=web].env[name=DB_PASSWORD].value changed backport",
        // The password is written in the manifest itself: a finding of its own.
        "secret-in-iac Deployment.apps/shop/web spec.template.spec.containers[name=web].env[name=DB_PASSWORD].value changed review",
        "runtime-patch Deployment.apps/shop/web spec.template.spec.containers[name=web].securityContext.runAsNonRoot added backport",
        "missing NetworkPolicy.networking.k8s.io/shop/default-deny  removed revert",
        "runtime-patch NetworkPolicy.networking.k8s.io/shop/web-ingress spec.ingress[0].from[1] added revert",
        "runtime-patch Secret/shop/db data.password changed review",
        "secret-in-iac Secret/shop/db data.password changed review",
      ])
  }

  @Test func summaryCounts() {
    let summary = Self.run().summary
    #expect(summary.resources == 7)
    #expect(summary.inSync == 2)  // Service web, ConfigMap settings
    #expect(summary.drifted == 3)
    #expect(summary.missing == 2)
    #expect(summary.unmanaged == 0)
    #expect(summary.findings == 9)  // 7 drift findings and 2 secrets written in the IaC
    #expect(summary.regressions == 0)
    #expect(summary.suppressed == 0)
  }

  @Test func findingsAreSortedByResourcePathAndKind() {
    let findings = Self.run().findings
    let keys = findings.map { ($0.resource, $0.path, $0.kind.rawValue) }
    #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
  }

  // MARK: - Ids

  @Test func idsAreStableAcrossRunsAndPinned() throws {
    let first = Self.run().findings.map(\.id)
    let second = Self.run().findings.map(\.id)
    #expect(first == second)
    #expect(Set(first).count == first.count, "ids must be unique")
    #expect(first.allSatisfy { $0.count == 12 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
    // SHA-256 of "kubernetes\n<resource>\n<path>\n<kind>", first 12 hex digits (computed independently).
    let analysis = Self.run()
    #expect(try Self.finding(analysis, "Deployment.apps/shop/web", "spec.replicas").id == "e9aad0c422b1")
    #expect(try Self.finding(analysis, "NetworkPolicy.networking.k8s.io/shop/default-deny", "").id == "a5b40e424eb8")
  }

  @Test func idsDifferByPathKindAndResource() throws {
    let web = ResourceAddress.kubernetes(kind: "Deployment", group: "apps", namespace: "shop", name: "web")
    let api = ResourceAddress.kubernetes(kind: "Deployment", group: "apps", namespace: "shop", name: "api")
    let replicas = try ValuePath(parsing: "spec.replicas")
    let ids = [
      Finding.makeID(kind: .runtimePatch, resource: web, path: replicas),
      Finding.makeID(kind: .regression, resource: web, path: replicas),
      Finding.makeID(kind: .runtimePatch, resource: web, path: try ValuePath(parsing: "spec.paused")),
      Finding.makeID(kind: .runtimePatch, resource: api, path: replicas),
      Finding.makeID(kind: .missing, resource: web, path: .root),
      Finding.makeID(kind: .unmanaged, resource: web, path: .root),
    ]
    #expect(Set(ids).count == ids.count)
    #expect(Finding.makeID(kind: .runtimePatch, resource: web, path: replicas) == ids[0])
  }

  // MARK: - Secrets

  @Test func secretChangesHaveBothValuesRedacted() throws {
    let analysis = Self.run()
    let secret = try Self.finding(analysis, "Secret/shop/db", "data.password")
    #expect(secret.action == .review)
    #expect(secret.involvesSecret)
    #expect(secret.backport.possible == false)
    #expect(secret.iac?.string == AnalysisFixture.redactor.marker(for: "b2xkLXBhc3N3b3Jk"))
    #expect(secret.live?.string == AnalysisFixture.redactor.marker(for: "bmV3LXBhc3N3b3JkLTIwMjY="))

    let env = try Self.finding(
      analysis, "Deployment.apps/shop/web", "spec.template.spec.containers[name=web].env[name=DB_PASSWORD].value")
    #expect(env.action == .backport)
    #expect(env.involvesSecret)
    #expect(env.iac?.string == AnalysisFixture.redactor.marker(for: "s3cr3t-from-iac"))
    #expect(env.live?.string == AnalysisFixture.redactor.marker(for: "rotated-by-hand-2026"))
    #expect(env.source?.location == SourceLocation(file: "iac/web.yaml", line: 27, column: 22))
  }

  @Test func noFindingEverHoldsASecretValue() {
    var dumped = ""
    dump(Self.run().findings, to: &dumped)
    for secret in ["b2xkLXBhc3N3b3Jk", "bmV3LXBhc3N3b3JkLTIwMjY=", "s3cr3t-from-iac", "rotated-by-hand-2026"] {
      #expect(!dumped.contains(secret), "\(secret) leaked into a finding")
    }
    #expect(dumped.contains(Redactor.markerPrefix))
  }

  // MARK: - Security actions

  @Test func aNetworkPolicyLooseningIsReverted() throws {
    let finding = try Self.finding(
      Self.run(), "NetworkPolicy.networking.k8s.io/shop/web-ingress", "spec.ingress[0].from[1]")
    #expect(finding.action == .revert)
    #expect(finding.security?.rule == "K8S-NETWORK-POLICY")
    #expect(finding.security?.direction == .weakens)
    #expect(finding.severity == .high)
    #expect(finding.backport.possible == false)
    #expect(finding.live == ["ipBlock": ["cidr": "0.0.0.0/0"]])
  }

  @Test func aSecurityContextHardeningIsBackported() throws {
    let finding = try Self.finding(
      Self.run(), "Deployment.apps/shop/web", "spec.template.spec.containers[name=web].securityContext.runAsNonRoot")
    #expect(finding.action == .backport)
    #expect(finding.security?.rule == "K8S-RUN-AS-NON-ROOT")
    #expect(finding.security?.direction == .strengthens)
    #expect(finding.backport.possible)
    #expect(finding.iac == nil)
    #expect(finding.live == true)
    // Not written in the IaC: the nearest written parent is the container's securityContext.
    #expect(finding.source?.isExact == false)
    #expect(finding.source?.path.description == "spec.template.spec.containers[name=web].securityContext")
    #expect(finding.source?.location == SourceLocation(file: "iac/web.yaml", line: 32, column: 13))
  }

  @Test func anOrdinaryChangeIsBackportedFromItsExactLocation() throws {
    let finding = try Self.finding(Self.run(), "Deployment.apps/shop/web", "spec.replicas")
    #expect(finding.action == .backport)
    #expect(finding.security == nil)
    #expect(finding.severity == .low)
    #expect(finding.iac == 2)
    #expect(finding.live == 4)
    #expect(finding.source?.location == SourceLocation(file: "iac/web.yaml", line: 10, column: 13))
    #expect(finding.source?.isExact == true)
    #expect(finding.backport.possible)
    #expect(finding.firstSeen == "2026-11-21")
    #expect(finding.ecosystem == .kubernetes)
  }

  @Test func aMissingNetworkPolicyIsRevertedAndAMissingConfigMapReviewed() throws {
    let analysis = Self.run()
    let policy = try Self.finding(analysis, "NetworkPolicy.networking.k8s.io/shop/default-deny", "")
    #expect(policy.kind == .missing)
    #expect(policy.action == .revert)
    #expect(policy.security?.direction == .weakens)
    #expect(policy.source?.location == SourceLocation(file: "iac/netpol.yaml", line: 20, column: 1))
    #expect(policy.live == nil)
    #expect(policy.iac?["metadata"]?["name"] == "default-deny")

    let config = try Self.finding(analysis, "ConfigMap/shop/feature-flags", "")
    #expect(config.kind == .missing)
    #expect(config.action == .review)
    #expect(config.security == nil)
    #expect(config.severity == .medium)
    #expect(config.backport.possible == false)
  }

  @Test func aNetworkPolicyPortWithTheDefaultProtocolIsInSync() {
    // The API server defaults NetworkPolicyPort.protocol to TCP, so `kubectl get` shows it on every port.
    let iac = S.iacNetworkPolicies.replacingOccurrences(of: "\n          protocol: TCP", with: "")
    #expect(!iac.contains("protocol"))
    let live = ["live/shop.yaml": S.liveList(S.liveNetworkPolicy(extraPeer: false))]
    let analysis = AnalysisFixture.analyze(iac: ["iac/netpol.yaml": iac], live: live)
    #expect(!analysis.hasErrors)
    do {
      #expect(AnalysisFixture.summary(analysis) == ["missing NetworkPolicy.networking.k8s.io/shop/default-deny "])
      #expect(analysis.findings.allSatisfy { $0.action != .revert || $0.kind == .missing })
    }
  }

  @Test func aSecretMissingFromTheClusterIsRedacted() throws {
    let live = [
      "live/shop.yaml": S.liveList(
        S.liveDeployment(), S.liveService, S.liveNetworkPolicy(extraPeer: false), S.liveSettings)
    ]
    let analysis = AnalysisFixture.analyze(iac: Self.iac, live: live, defaultNamespace: "shop")
    let secret = try Self.finding(analysis, "Secret/shop/db", "")
    #expect(secret.kind == .missing)
    #expect(secret.involvesSecret)
    #expect(secret.iac?["data"]?["password"]?.string == AnalysisFixture.redactor.marker(for: "b2xkLXBhc3N3b3Jk"))
    #expect(
      secret.iac?["metadata"]?["name"]?.string?.hasPrefix(Redactor.markerPrefix) == true, "the whole Secret is redacted"
    )
  }
}
