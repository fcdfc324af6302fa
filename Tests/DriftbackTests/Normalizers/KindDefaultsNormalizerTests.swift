import DriftbackSyntax
import Testing

@testable import Driftback

@Suite struct KindDefaultsNormalizerTests {
  static let id = KindDefaultsNormalizer().id

  // MARK: - Secret

  static let secretIaC = """
    apiVersion: v1
    kind: Secret
    metadata:
      name: api-key
      namespace: shop
    data:
      key: c2VjcmV0
    """

  static func secretLive(type: String = "Opaque") -> String {
    """
    apiVersion: v1
    data:
      key: c2VjcmV0
    kind: Secret
    metadata:
      creationTimestamp: "2026-11-02T09:14:07Z"
      name: api-key
      namespace: shop
      resourceVersion: "918111"
      uid: 8a9b0c1d-2e3f-4a5b-9c6d-7e8f9a0b1c2d
    type: \(type)
    """
  }

  @Test func secretTypeOpaqueIsNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.secretIaC, live: Self.secretLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.secretIaC, live: Self.secretLive(), without: Self.id) == ["type added"])
    #expect(
      try NormalizerFixture.changes(iac: Self.secretIaC, live: Self.secretLive(type: "kubernetes.io/tls")) == [
        "type added"
      ])
    #expect(try NormalizerFixture.clean(Self.secretLive())["type"] == nil)
  }

  // MARK: - Namespace

  static let namespaceIaC = """
    apiVersion: v1
    kind: Namespace
    metadata:
      name: shop
    """

  static func namespaceLive(finalizers: String = "- kubernetes") -> String {
    """
    apiVersion: v1
    kind: Namespace
    metadata:
      labels:
        kubernetes.io/metadata.name: shop
      name: shop
    spec:
      finalizers:
      \(finalizers)
    status:
      phase: Active
    """
  }

  @Test func namespaceFinalizerIsNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.namespaceIaC, live: Self.namespaceLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.namespaceIaC, live: Self.namespaceLive(), without: Self.id) == [
        "spec added"
      ])
    let planted = Self.namespaceLive(finalizers: "- kubernetes\n  - example.com/archive")
    #expect(try NormalizerFixture.changes(iac: Self.namespaceIaC, live: planted) == ["spec added"])
    #expect(try NormalizerFixture.clean(Self.namespaceLive())["spec"] == nil)
  }

  // MARK: - Endpoints

  static let endpointsIaC = """
    apiVersion: v1
    kind: Endpoints
    metadata:
      name: legacy-db
      namespace: shop
    subsets:
    - addresses:
      - ip: 10.20.0.15
      ports:
      - name: postgres
        port: 5432
      - name: stats
        port: 9187
        protocol: UDP
    """

  static func endpointsLive(statsProtocol: String = "UDP") -> String {
    """
    apiVersion: v1
    kind: Endpoints
    metadata:
      name: legacy-db
      namespace: shop
    subsets:
    - addresses:
      - ip: 10.20.0.15
      ports:
      - name: postgres
        port: 5432
        protocol: TCP
      - name: stats
        port: 9187
        protocol: \(statsProtocol)
    """
  }

  @Test func endpointPortProtocolIsNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.endpointsIaC, live: Self.endpointsLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.endpointsIaC, live: Self.endpointsLive(), without: Self.id)
        == ["subsets[0].ports[0].protocol added"])
    #expect(
      try NormalizerFixture.changes(iac: Self.endpointsIaC, live: Self.endpointsLive(statsProtocol: "TCP"))
        == ["subsets[0].ports[1].protocol changed"])
    let cleanedPorts = try NormalizerFixture.clean(Self.endpointsLive())["subsets"]?.list?.first?["ports"]?.list
    #expect(cleanedPorts?.first == ["name": "postgres", "port": 5432])
    #expect(cleanedPorts?.last?["protocol"] == "UDP")
  }

  // MARK: - ServiceAccount

  static let serviceAccountIaC = """
    apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: deployer
      namespace: ci
    """

  static func serviceAccountLive(extraSecret: String = "") -> String {
    """
    apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: deployer
      namespace: ci
    secrets:
    - name: deployer-token-x7k2q
    \(extraSecret)
    """
  }

  @Test func tokenControllerSecretIsNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.serviceAccountIaC, live: Self.serviceAccountLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.serviceAccountIaC, live: Self.serviceAccountLive(), without: Self.id)
        == ["secrets added"])
    let changes = try NormalizerFixture.changeList(
      iac: Self.serviceAccountIaC, live: Self.serviceAccountLive(extraSecret: "- name: registry-credentials"))
    #expect(changes.map { "\($0.path) \($0.kind.rawValue)" } == ["secrets added"])
    #expect(changes.first?.live == [["name": "registry-credentials"]])
    #expect(try NormalizerFixture.clean(Self.serviceAccountLive())["secrets"] == nil)
  }

  @Test func openShiftRegistryCredentialsAreNoise() throws {
    let live = """
      apiVersion: v1
      imagePullSecrets:
      - name: deployer-dockercfg-9hx2m
      kind: ServiceAccount
      metadata:
        name: deployer
        namespace: ci
      secrets:
      - name: deployer-dockercfg-9hx2m
      """
    #expect(try NormalizerFixture.changes(iac: Self.serviceAccountIaC, live: live) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.serviceAccountIaC, live: live, without: Self.id)
        == ["imagePullSecrets added", "secrets added"])
  }

  // MARK: - ClusterRole

  static let aggregatedIaC = """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: monitoring
    aggregationRule:
      clusterRoleSelectors:
      - matchLabels:
          rbac.example.com/aggregate-to-monitoring: "true"
    """

  static let clusterRoleLive = """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: monitoring
    aggregationRule:
      clusterRoleSelectors:
      - matchLabels:
          rbac.example.com/aggregate-to-monitoring: "true"
    rules:
    - apiGroups:
      - ""
      resources:
      - services
      - endpoints
      - pods
      verbs:
      - get
      - list
      - watch
    """

  @Test func aggregatedRulesAreControllerOwned() throws {
    #expect(try NormalizerFixture.changes(iac: Self.aggregatedIaC, live: Self.clusterRoleLive) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.aggregatedIaC, live: Self.clusterRoleLive, without: Self.id) == [
        "rules added"
      ])
    // Without an aggregation rule the rules are the manifest's own: an extra live rule is drift.
    let plain = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: monitoring
      rules:
      - apiGroups: [""]
        resources: [services, endpoints]
        verbs: [get, list, watch]
      """
    let live = Self.clusterRoleLive.replacingAggregationRule()
    #expect(try NormalizerFixture.changes(iac: plain, live: live) == ["rules[0].resources changed"])
    #expect(try NormalizerFixture.clean(Self.clusterRoleLive)["rules"] == nil)
  }
}

extension String {
  /// The ClusterRole capture without its aggregation rule.
  fileprivate func replacingAggregationRule() -> String {
    split(separator: "\n", omittingEmptySubsequences: false)
      .filter {
        !$0.hasPrefix("aggregationRule") && !$0.hasPrefix("  clusterRoleSelectors") && !$0.hasPrefix("  - matchLabels")
          && !$0.hasPrefix("      rbac.example.com")
      }
      .joined(separator: "\n")
  }
}
