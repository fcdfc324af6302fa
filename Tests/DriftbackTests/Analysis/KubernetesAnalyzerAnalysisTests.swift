import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("Analysis: KubernetesAnalyzer loading, identity and ownership")
struct KubernetesAnalyzerAnalysisTests {
  typealias S = AnalyzerSamples

  static func diagnostics(_ analysis: Analysis, _ severity: Diagnostic.Severity) -> [Diagnostic] {
    analysis.diagnostics.filter { $0.severity == severity }
  }

  // MARK: - In sync

  @Test func multiDocumentIaCAgainstAKubectlListIsInSync() {
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/web.yaml": S.iacDeployment],
      live: [
        "live/shop.yaml": S.liveList(
          S.liveDeployment(), S.liveService, S.liveEndpoints(name: "web"),
          S.liveOwnedReplicaSetAndPod, S.liveNamespaceDefaults)
      ])
    #expect(analysis.diagnostics.filter { $0.severity != .note }.isEmpty, "\(analysis.diagnostics)")
    // In sync; only the password the manifest holds in clear is reported (secret-in-iac).
    #expect(
      AnalysisFixture.summary(analysis) == [
        "secret-in-iac Deployment.apps/shop/web spec.template.spec.containers[name=web].env[name=DB_PASSWORD].value"
      ])
    #expect(analysis.summary.resources == 2)
    #expect(analysis.summary.inSync == 2)
    #expect(analysis.summary.drifted == 0)
    #expect(analysis.summary.unmanaged == 0)
    #expect(analysis.summary.findings == 1)
    #expect(analysis.iacResources.keys.map(\.text).sorted() == ["Deployment.apps/shop/web", "Service/shop/web"])
  }

  @Test func iacListAgainstALiveJSONList() {
    let iac = """
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: a, namespace: shop}
          data: {mode: fast}
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: b, namespace: shop}
          data: {mode: slow}
      """
    let live = """
      {
        "apiVersion": "v1",
        "items": [
          {"apiVersion": "v1", "kind": "ConfigMap", "data": {"mode": "fast"},
           "metadata": {"name": "a", "namespace": "shop", "uid": "0d6f2a1e-1111-4222-8333-944455556666",
                        "resourceVersion": "1001", "creationTimestamp": "2026-11-03T10:12:08Z"}},
          {"apiVersion": "v1", "kind": "ConfigMap", "data": {"mode": "turbo"},
           "metadata": {"name": "b", "namespace": "shop", "uid": "0d6f2a1e-1111-4222-8333-944455557777",
                        "resourceVersion": "1002", "creationTimestamp": "2026-11-03T10:12:08Z"}}
        ],
        "kind": "List",
        "metadata": {"resourceVersion": ""}
      }
      """
    let analysis = AnalysisFixture.analyze(iac: ["iac/config.yaml": iac], live: ["live/shop.json": live])
    #expect(!analysis.hasErrors, "\(analysis.diagnostics)")
    #expect(AnalysisFixture.summary(analysis) == ["runtime-patch ConfigMap/shop/b data.mode"])
    #expect(analysis.summary.inSync == 1)
    #expect(analysis.summary.drifted == 1)
    let finding = analysis.findings[0]
    #expect(finding.iac == "slow")
    #expect(finding.live == "turbo")
    // The source points into the List item, at `slow` on line 11.
    #expect(finding.source?.file == "iac/config.yaml")
    #expect(finding.source?.location?.line == 11)
    #expect(finding.source?.location?.column == 18)
    #expect(finding.source?.isExact == true)
  }

  @Test func iacJSONListAgainstALiveYAMLList() throws {
    let iac = """
      {"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "shop"}, "data": {"mode": "fast"}},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b", "namespace": "shop"}, "data": {"mode": "slow"}}
      ]}
      """
    let live = S.liveList(
      """
      - apiVersion: v1
        data: {mode: fast}
        kind: ConfigMap
        metadata: {name: a, namespace: shop, uid: 0d6f2a1e-1111-4222-8333-944455556666, resourceVersion: "1001"}
      """)
    let analysis = AnalysisFixture.analyze(iac: ["iac/config.json": iac], live: ["live/shop.yaml": live])
    #expect(!analysis.hasErrors, "\(analysis.diagnostics)")
    #expect(AnalysisFixture.summary(analysis) == ["missing ConfigMap/shop/b "])
    #expect(analysis.summary.inSync == 1)
    let missing = try #require(analysis.findings.first)
    #expect(missing.source?.location == SourceLocation(file: "iac/config.json", line: 3, column: 3))
  }

  @Test func liveYAMLListAndSeparateFilesAreBothRead() {
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/web.yaml": S.iacDeployment],
      live: [
        "live/a-deployment.yaml": S.liveList(S.liveDeployment()),
        "live/b-service.yaml": String(S.liveService.dropFirst(2)).replacingOccurrences(of: "\n  ", with: "\n"),
      ])
    #expect(!analysis.hasErrors, "\(analysis.diagnostics)")
    #expect(analysis.summary.inSync == 2)
    #expect(analysis.summary.missing == 0)
  }

  // MARK: - Documents that are not objects

  @Test(arguments: [
    (
      "kustomization.yaml",
      """
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      namespace: shop
      resources:
        - web.yaml
      """, "skipped Kustomization: a tool configuration, not a cluster object"
    ),
    (
      "chart/Chart.yaml",
      """
      apiVersion: v2
      name: web
      description: The shop's web front end
      version: 1.4.0
      appVersion: "1.25.3"
      """, "skipped a document without apiVersion and kind: not a Kubernetes object (a Helm Chart.yaml?)"
    ),
    ("values.yaml", "- just\n- a list\n", "skipped a document that is not a mapping"),
    ("empty.yaml", "---\n# nothing here\n", "skipped an empty document"),
  ])
  func nonObjectDocumentsAreSkippedWithANote(path: String, text: String, message: String) throws {
    let analysis = AnalysisFixture.analyze(iac: [path: text], live: [:])
    let note = try #require(analysis.diagnostics.first)
    #expect(analysis.diagnostics.count == 1)
    #expect(note.severity == .note)
    #expect(note.message == message)
    #expect(note.location?.file == path)
    #expect(analysis.iacResources.isEmpty)
    #expect(analysis.findings.isEmpty)
    #expect(analysis.summary.resources == 0)
  }

  @Test func anEmptyDocumentBetweenObjectsIsSkippedAndTheOthersKept() throws {
    let text = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: a, namespace: shop}
      ---
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: b, namespace: shop}
      """
    let analysis = AnalysisFixture.analyze(iac: ["iac/two.yaml": text], live: [:])
    #expect(analysis.diagnostics.map(\.severity) == [.note])
    #expect(analysis.diagnostics.first?.location?.line == 5)
    #expect(AnalysisFixture.summary(analysis) == ["missing ConfigMap/shop/a ", "missing ConfigMap/shop/b "])
  }

  @Test func objectsWithoutANameAreSkippedWithAWarning() throws {
    let text = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {namespace: shop}
      data: {a: "1"}
      ---
      apiVersion: batch/v1
      kind: Job
      metadata: {generateName: migrate-, namespace: shop}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: kept, namespace: shop}
      """
    let analysis = AnalysisFixture.analyze(iac: ["iac/unnamed.yaml": text], live: [:])
    let warnings = Self.diagnostics(analysis, .warning)
    #expect(
      warnings.map(\.message) == [
        "skipped an object without metadata.name",
        "skipped an object with only metadata.generateName: its name is chosen by the server",
      ])
    #expect(warnings.map { $0.location?.line } == [1, 6])
    #expect(analysis.iacResources.keys.map(\.text) == ["ConfigMap/shop/kept"])
  }

  // MARK: - Malformed input

  @Test func malformedYAMLIsAnErrorAtItsPosition() throws {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n data: x\n"
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/bad.yaml": text, "iac/web.yaml": S.iacDeployment],
      live: ["live/shop.yaml": S.liveList(S.liveDeployment(replicas: 9))])
    let error = try #require(Self.diagnostics(analysis, .error).first)
    #expect(Self.diagnostics(analysis, .error).count == 1)
    #expect(error.location == SourceLocation(file: "iac/bad.yaml", line: 5, column: 2))
    #expect(error.sourceLine == " data: x")
    #expect(analysis.findings.isEmpty)
    #expect(analysis.summary == Analysis.Summary())
  }

  @Test func duplicateKeysAreAnErrorAtTheSecondKey() throws {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n"
    let analysis = AnalysisFixture.analyze(iac: ["iac/dup.yaml": text], live: [:])
    let error = try #require(analysis.diagnostics.first)
    #expect(error.severity == .error)
    #expect(error.message == "duplicate mapping key \"name\"")
    #expect(error.location == SourceLocation(file: "iac/dup.yaml", line: 5, column: 3))
    #expect(analysis.findings.isEmpty)
  }

  @Test func malformedJSONIsAnErrorAtItsPosition() throws {
    let live = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"ConfigMap\",,\n  \"metadata\": {\"name\": \"x\"}\n}\n"
    let analysis = AnalysisFixture.analyze(iac: ["iac/web.yaml": S.iacDeployment], live: ["live/bad.json": live])
    let error = try #require(Self.diagnostics(analysis, .error).first)
    #expect(error.location == SourceLocation(file: "live/bad.json", line: 3, column: 23))
    #expect(analysis.findings.isEmpty, "no missing findings from a half-read capture")
    #expect(analysis.summary.missing == 0)
  }

  @Test func aYAMLAliasBombIsAnErrorNotAnOutOfMemory() throws {
    var lines = [
      "apiVersion: v1", "kind: ConfigMap", "metadata: {name: lol, namespace: shop}", "data:",
      "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ]
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    for (previous, name) in zip(names, names.dropFirst()) {
      lines.append("  \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
    }
    let analysis = AnalysisFixture.analyze(iac: [:], live: ["live/bomb.yaml": lines.joined(separator: "\n")])
    let error = try #require(Self.diagnostics(analysis, .error).first)
    #expect(error.message.contains("billion laughs"))
    #expect(error.location?.file == "live/bomb.yaml")
    #expect(analysis.findings.isEmpty)
  }

  @Test(arguments: ["yaml", "json"])
  func tenThousandDeepNestingIsAnError(format: String) throws {
    let depth = 10_000
    let text =
      format == "json"
      ? "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"deep\"}, \"data\": "
        + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
      : "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + String(repeating: "[", count: depth)
        + String(repeating: "]", count: depth) + "\n"
    let path = "live/deep.\(format)"
    let analysis = AnalysisFixture.analyze(iac: ["iac/web.yaml": S.iacDeployment], live: [path: text])
    let error = try #require(Self.diagnostics(analysis, .error).first)
    #expect(error.message == "nesting is deeper than the limit of 200 levels")
    #expect(error.location?.file == path)
    #expect(analysis.findings.isEmpty)
  }

  @Test func anUnreadableFileIsAnError() {
    let analysis = AnalysisFixture.analyze(iac: ["iac/web.yaml": S.iacDeployment], live: [:])
    #expect(!analysis.hasErrors)
    let request = KubernetesAnalyzer.Request(iacFiles: ["iac/gone.yaml"], liveFiles: [])
    let failed = KubernetesAnalyzer(redactor: AnalysisFixture.redactor).analyze(request) { path in
      throw AnalysisFixture.MissingFile(path: path)
    }
    #expect(failed.hasErrors)
    #expect(failed.diagnostics.first?.location?.file == "iac/gone.yaml")
  }

  // MARK: - Namespaces

  @Test func defaultNamespaceAppliesToNamespacedIaCWithoutOne() {
    let iac = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: \"1\"}\n"
    let live = S.liveList(
      """
      - apiVersion: v1
        data: {a: "1"}
        kind: ConfigMap
        metadata: {name: settings, namespace: shop, uid: 11111111-2222-4333-8444-555555555555, resourceVersion: "7"}
      """)
    let inShop = AnalysisFixture.analyze(
      iac: ["iac/cm.yaml": iac], live: ["live/shop.yaml": live], defaultNamespace: "shop")
    #expect(AnalysisFixture.summary(inShop) == [])
    #expect(inShop.summary.inSync == 1)
    #expect(inShop.iacResources.keys.map(\.text) == ["ConfigMap/shop/settings"])

    let inDefault = AnalysisFixture.analyze(iac: ["iac/cm.yaml": iac], live: ["live/shop.yaml": live])
    #expect(
      AnalysisFixture.summary(inDefault) == [
        "missing ConfigMap/default/settings ", "unmanaged ConfigMap/shop/settings ",
      ])
  }

  @Test func clusterScopedKindsNeverGetTheDefaultNamespace() {
    let iac = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: "shop:reader"}
      rules:
        - {apiGroups: [""], resources: [pods], verbs: [get, list]}
      """
    let live = S.liveList(
      """
      - apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          creationTimestamp: "2026-11-03T10:12:07Z"
          name: "shop:reader"
          resourceVersion: "45190500"
          uid: 0a0b0c0d-1e1f-4a2b-8c3d-4e5f6a7b8c9d
        rules:
        - apiGroups: [""]
          resources: [pods]
          verbs: [list, get]
      """)
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/rbac.yaml": iac], live: ["live/cluster.yaml": live], defaultNamespace: "shop")
    #expect(analysis.iacResources.keys.map(\.text) == ["ClusterRole.rbac.authorization.k8s.io/shop:reader"])
    #expect(AnalysisFixture.summary(analysis) == [])
    #expect(analysis.summary.inSync == 1)
  }

  @Test func anUnknownKindWithoutNamespaceMatchesAClusterScopedLiveObject() {
    let iac = """
      apiVersion: kyverno.io/v1
      kind: ClusterPolicy
      metadata: {name: require-labels}
      spec: {validationFailureAction: Enforce}
      """
    let live = S.liveList(
      """
      - apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          creationTimestamp: "2026-11-03T10:12:07Z"
          generation: 1
          name: require-labels
          resourceVersion: "45190501"
          uid: 5f4e3d2c-1b0a-4998-8776-554433221100
        spec: {validationFailureAction: Enforce}
      """)
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/policy.yaml": iac], live: ["live/cluster.yaml": live], defaultNamespace: "shop")
    #expect(AnalysisFixture.summary(analysis) == [])
    #expect(analysis.summary.inSync == 1)
    #expect(analysis.summary.missing == 0)
    #expect(analysis.summary.unmanaged == 0)
  }

  // MARK: - Ownership

  @Test func controllerMadeObjectsAreNotUnmanaged() {
    let iacStatefulSet = """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db, namespace: shop}
      spec:
        serviceName: db
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            containers: [{name: postgres, image: "postgres:16"}]
        volumeClaimTemplates:
          - metadata: {name: data}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 10Gi}}}
      """
    func claim(_ name: String) -> String {
      """
      - apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          labels: {app: db}
          name: \(name)
          namespace: shop
          uid: 77777777-8888-4999-8aaa-bbbbbbbbbbbb
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 10Gi}}
          volumeMode: Filesystem
        status: {phase: Bound}
      """
    }
    let debugPod = """
      - apiVersion: v1
        kind: Pod
        metadata: {name: debug, namespace: shop, uid: 12121212-3434-4545-8656-787878787878}
        spec:
          containers: [{name: debug, image: "busybox:1.36", command: [sleep, infinity]}]
      """
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/web.yaml": S.iacDeployment, "iac/db.yaml": iacStatefulSet],
      live: [
        "live/shop.yaml": S.liveList(
          S.liveDeployment(), S.liveService, S.liveEndpoints(name: "web"), S.liveEndpoints(name: "orphan"),
          S.liveOwnedReplicaSetAndPod, S.liveNamespaceDefaults, claim("data-db-0"), claim("data-db-12"),
          claim("data-db-backup"), claim("data-dbx-0"), debugPod)
      ])
    #expect(!analysis.hasErrors)
    let unmanaged = analysis.findings.filter { $0.kind == .unmanaged }.map(\.resource.text)
    #expect(
      unmanaged == [
        "Endpoints/shop/orphan", "PersistentVolumeClaim/shop/data-db-backup", "PersistentVolumeClaim/shop/data-dbx-0",
        "Pod/shop/debug",
      ])
    #expect(analysis.summary.unmanaged == 4)
    for finding in analysis.findings where finding.kind == .unmanaged {
      #expect(finding.path.isRoot)
      #expect(finding.change == .added)
      #expect(finding.action == .review)
      #expect(finding.iac == nil)
      #expect(finding.source == nil)
    }
  }

  @Test(arguments: [
    ("kube-root-ca.crt", "ConfigMap", true), ("other-ca.crt", "ConfigMap", false),
    ("default", "ServiceAccount", true), ("builder", "ServiceAccount", false),
  ])
  func namespaceDefaultsAreOwnedByTheControlPlane(name: String, kind: String, owned: Bool) {
    let object: Value = [
      "apiVersion": "v1", "kind": .string(kind), "metadata": ["name": .string(name), "namespace": "shop"],
    ]
    #expect((KubernetesIdentity.controllerOwner(of: object, liveServices: [], claimPrefixes: []) != nil) == owned)
  }

  @Test func endpointsBelongToTheServiceOfTheSameNamespace() {
    let endpoints: Value = ["apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "web", "namespace": "shop"]]
    #expect(KubernetesIdentity.controllerOwner(of: endpoints, liveServices: ["shop/web"], claimPrefixes: []) != nil)
    #expect(KubernetesIdentity.controllerOwner(of: endpoints, liveServices: ["other/web"], claimPrefixes: []) == nil)
    #expect(KubernetesIdentity.controllerOwner(of: endpoints, liveServices: [], claimPrefixes: []) == nil)
  }
}
