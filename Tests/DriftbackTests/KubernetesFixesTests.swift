import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("Fixes found in review")
struct KubernetesFixesTests {
  @Test func cleaningKeepsEmptySelectorsAndEmptyDir() {
    let policy: Value = [
      "spec": ["podSelector": [:], "ingress": [["from": [["namespaceSelector": [:]]]]]],
      "volumes": [["name": "tmp", "emptyDir": [:]]], "securityContext": [:],
    ]
    let pruned = policy.prunedOfEmpties
    #expect(pruned["spec"]?["podSelector"]?.map?.isEmpty == true)
    #expect(pruned["spec"]?["ingress"]?.list?.first?["from"]?.list?.first?["namespaceSelector"] != nil)
    #expect(pruned["volumes"]?.list?.first?["emptyDir"] != nil)
    #expect(pruned["securityContext"] == nil)
  }

  @Test func deeplyEmptyMapsAreEmpty() {
    let differ = Differ(listPolicy: KubernetesListPolicy(kind: "Deployment"))
    #expect(differ.diff(iac: ["a": 1], live: ["a": 1, "x": ["y": [:]]]).isEmpty)
    #expect(differ.diff(iac: ["a": 1, "x": ["y": [:]]], live: ["a": 1]).isEmpty)
    let changes = differ.diff(iac: ["a": 1], live: ["a": 1, "x": ["y": ["z": 1]]])
    #expect(changes.map(\.path.description) == ["x"])
    // An empty selector is a value: "every namespace".
    let policy = Differ(listPolicy: KubernetesListPolicy(kind: "NetworkPolicy"))
    let opened = policy.diff(
      iac: ["from": [["podSelector": ["matchLabels": ["app": "web"]]]]],
      live: ["from": [["podSelector": ["matchLabels": ["app": "web"]]], ["namespaceSelector": [:]]]])
    #expect(opened.map(\.path.description) == ["from[1]"])
    #expect(opened.first?.kind == .added)
  }

  @Test func legacyGroupsAddressLikeTheirStoredGroup() {
    let legacy: Value = ["apiVersion": "extensions/v1beta1", "kind": "Deployment", "metadata": ["name": "web"]]
    let current: Value = [
      "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web", "namespace": "default"],
    ]
    #expect(
      KubernetesIdentity.address(of: legacy, defaultNamespace: "default")
        == KubernetesIdentity.address(of: current, defaultNamespace: nil))
    let ingress: Value = ["apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": ["name": "i"]]
    #expect(
      KubernetesIdentity.address(of: ingress, defaultNamespace: "shop")?.text
        == "Ingress.networking.k8s.io/shop/i")
  }
}

@Suite("Back-port planner")
struct BackportPlannerCombiningTests {
  @Test func insertionsAtTheSameOffsetCombineInOrder() {
    let edits = [
      SourceEdit.insert("a\n", at: 10), SourceEdit(span: ByteSpan(start: 2, end: 4), replacement: "x"),
      SourceEdit.insert("b\n", at: 10), SourceEdit.insert("b\n", at: 10),
    ]
    let combined = BackportPlanner.combiningInsertions(edits)
    #expect(combined.count == 2)
    #expect(combined.first { $0.span.start == 10 }?.replacement == "a\nb\n")
  }
}

@Suite("Reading captures without server-owned fields")
struct SkippedFieldsTests {
  @Test func statusAndManagedFieldsAreNotBuilt() throws {
    let text = """
      apiVersion: v1
      items:
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          managedFields:
          - manager: kubectl
          name: web
          namespace: shop
        spec: {replicas: 2}
        status: {replicas: 2, conditions: [{type: Available}]}
      kind: List
      metadata: {resourceVersion: ""}
      """
    var objects: [Value] = []
    _ = try KubernetesDocumentReader().read(
      SourceFile(path: "live.yaml", text: text), skippingServerOwnedFields: true
    ) { objects.append($0.value) }
    #expect(objects.count == 1)
    #expect(objects[0]["status"] == nil)
    #expect(objects[0]["metadata"]?["managedFields"] == nil)
    #expect(objects[0]["metadata"]?["name"]?.string == "web")
    #expect(objects[0]["spec"]?["replicas"]?.number?.integer == 2)
    // Without skipping, both are there.
    var full: [Value] = []
    _ = try KubernetesDocumentReader().read(SourceFile(path: "live.yaml", text: text)) { full.append($0.value) }
    #expect(full[0]["status"]?["replicas"] != nil)
    #expect(full[0]["metadata"]?["managedFields"] != nil)
  }

  @Test func anAliasIntoASkippedValueIsAClearError() throws {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nstatus: &s {a: 1}\ndata: *s\n"
    #expect(throws: Diagnostic.self) {
      _ = try KubernetesDocumentReader().read(
        SourceFile(path: "live.yaml", text: text), skippingServerOwnedFields: true
      ) { _ in }
    }
    do {
      _ = try KubernetesDocumentReader().read(
        SourceFile(path: "live.yaml", text: text), skippingServerOwnedFields: true
      ) { _ in }
    } catch let diagnostic as Diagnostic {
      #expect(diagnostic.message.contains("does not read"))
      #expect(diagnostic.location?.line == 5)
    }
  }
}

@Suite("Security: NetworkPolicy direction")
struct NetworkPolicyDirectionTests {
  func direction(_ path: String, _ kind: Change.Kind, iac: Value? = nil, live: Value? = nil) throws
    -> SecurityAssessment.Direction?
  {
    let change = Change(path: try ValuePath(parsing: path), kind: kind, iac: iac, live: live)
    return KubernetesSecurityRules.assess(change, kind: "NetworkPolicy")?.direction
  }

  @Test func allowListSemantics() throws {
    let peer: Value = ["namespaceSelector": [:]]
    #expect(try direction("spec.ingress[0].from[1]", .added, live: peer) == .weakens)
    #expect(try direction("spec.ingress[0].from[1]", .removed, iac: peer) == .strengthens)
    #expect(try direction("spec.ingress[0].from", .removed, iac: [peer]) == .weakens)
    #expect(try direction("spec.ingress[0].ports", .removed, iac: [["port": 80]]) == .weakens)
    #expect(try direction("spec.ingress[0].ports", .added, live: [["port": 80]]) == .strengthens)
    #expect(try direction("spec.ingress[0].ports[1]", .added, live: ["port": 443]) == .weakens)
    #expect(try direction("spec.ingress[1]", .added, live: ["from": [peer]]) == .weakens)
    #expect(try direction("spec.ingress[0]", .removed, iac: ["from": [peer]]) == .relevant)
    #expect(try direction("spec.policyTypes", .changed, iac: ["Ingress", "Egress"], live: ["Ingress"]) == .weakens)
    #expect(try direction("spec.policyTypes", .changed, iac: ["Ingress"], live: ["Ingress", "Egress"]) == .strengthens)
    #expect(try direction("", .removed, iac: ["spec": [:]]) == .weakens)
    #expect(
      try direction(
        "spec.ingress[0].from[0].namespaceSelector", .changed, iac: ["matchLabels": ["team": "a"]], live: [:])
        == .weakens)
    #expect(
      try direction("spec.ingress[0].from[0].podSelector", .removed, iac: ["matchLabels": ["a": "b"]]) == .weakens)
    #expect(try direction("spec.podSelector.matchLabels.app", .changed, iac: "web", live: "api") == .relevant)
  }
}

@Suite("Ecosystem detection")
struct EcosystemDetectorTests {
  func detect(_ path: String, _ text: String) -> Ecosystem? {
    EcosystemDetector.detect(path: path, prefix: Array(text.utf8))
  }

  @Test func byNameAndContent() {
    #expect(detect("main.tf", "") == .terraform)
    #expect(detect("prod.tfvars", "") == .terraform)
    #expect(detect("terraform.tfstate", "{}") == .terraform)
    #expect(detect("show.json", "{\"format_version\":\"1.0\",\"terraform_version\":\"1.9.8\"}") == .terraform)
    #expect(detect("stack.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}") == .cloudformation)
    #expect(detect("drifts.json", "{\"StackResourceDrifts\": []}") == .cloudformation)
    #expect(detect("web.yaml", "apiVersion: apps/v1\nkind: Deployment\n") == .kubernetes)
    #expect(detect("pods.json", "{\"apiVersion\": \"v1\", \"kind\": \"List\"}") == .kubernetes)
    #expect(detect("snapshots/x/capture.json", "{\"capturedAt\": \"2026\"}") == nil)
    #expect(detect("README.md", "# hi") == nil)
  }
}

@Suite("Review fixes")
struct ReviewFixesTests {
  static func analyze(iac: [String: String], live: [String: String], namespace: String = "default") -> Analysis {
    var files: [String: SourceFile] = [:]
    for (path, text) in iac.merging(live, uniquingKeysWith: { a, _ in a }) {
      files[path] = SourceFile(path: path, text: text)
    }
    let served = files
    return KubernetesAnalyzer(redactor: Redactor(key: [7])).analyze(
      KubernetesAnalyzer.Request(
        iacFiles: iac.keys.sorted(), liveFiles: live.keys.sorted(), defaultNamespace: namespace)
    ) { path in
      guard let file = served[path] else { throw Diagnostic(.error, "missing", file: path) }
      return file
    }
  }

  static func rendered(_ analysis: Analysis) -> String {
    JSONReportRenderer().render(DriftReport(toolVersion: "t", captureLabel: nil, capturedAt: nil, analysis: analysis))
  }

  @Test func secretNamedKeysAndURLCredentialsAreRedacted() {
    let iac = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: default}\ndata: {MODE: a}\n"
    let live = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: app, namespace: default}
      data: {MODE: a, DB_PASSWORD: hunter2hunter2, DATABASE_URL: "postgres://app:s3cr3tPW@db:5432/app"}
      """
    let analysis = Self.analyze(iac: ["cm.yaml": iac], live: ["live.yaml": live])
    let json = Self.rendered(analysis)
    #expect(!json.contains("hunter2hunter2"))
    #expect(!json.contains("s3cr3tPW"))
    #expect(analysis.findings.count == 2)
    #expect(analysis.findings.allSatisfy { $0.action == .review && $0.involvesSecret })
  }

  @Test func aSecretWithATypoInItsKindIsStillRedacted() {
    let iac =
      "apiVersion: v1\nkind: Secrets\nmetadata: {name: db, namespace: default}\ndata: {password: c2hvcC1kYi1wYXNzd29yZC0x}\n"
    let analysis = Self.analyze(iac: ["s.yaml": iac], live: ["live.yaml": "apiVersion: v1\nkind: List\nitems: []\n"])
    #expect(analysis.findings.first?.kind == .missing)
    #expect(!Self.rendered(analysis).contains("c2hvcC1kYi1wYXNzd29yZC0x"))
  }

  @Test func errorsInFilesHoldingSecretsQuoteNoLine() {
    let iac = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata:\n  url: dXNlcjpwYXNz\n  url: dXNlcjpwYXNz\n"
    let analysis = Self.analyze(iac: ["s.yaml": iac], live: ["live.yaml": "apiVersion: v1\nkind: List\nitems: []\n"])
    let error = analysis.diagnostics.first { $0.severity == .error }
    #expect(error?.location?.line == 6)
    #expect(error?.sourceLine == nil)
    #expect(error.map { !$0.rendered.contains("dXNlcjpwYXNz") } ?? false)
  }

  @Test func stringDataEqualsTheStoredData() {
    let iac =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: default}\nstringData: {password: shop-db-password-1}\n"
    let live =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: default}\ntype: Opaque\ndata: {password: c2hvcC1kYi1wYXNzd29yZC0x}\n"
    // The password written in the manifest is a secret-in-iac finding whatever runs; no drift here.
    let drift = { (analysis: Analysis) in analysis.findings.filter { $0.kind != .secretInIaC } }
    #expect(drift(Self.analyze(iac: ["s.yaml": iac], live: ["l.yaml": live])).isEmpty)
    let rotated = live.replacingOccurrences(of: "c2hvcC1kYi1wYXNzd29yZC0x", with: "b3RoZXI=")
    let analysis = Self.analyze(iac: ["s.yaml": iac], live: ["l.yaml": rotated])
    #expect(drift(analysis).map(\.path.description) == ["data.password"])
    #expect(analysis.findings.filter { $0.kind == .secretInIaC }.map(\.path.description) == ["stringData.password"])
    #expect(!Self.rendered(analysis).contains("shop-db-password-1"))
  }

  @Test func anUnknownClusterScopedKindTakesTheLiveAddress() {
    let iac =
      "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: require-labels}\nspec: {background: true}\n"
    let live =
      "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: require-labels, uid: x}\nspec: {background: false}\n"
    let analysis = Self.analyze(iac: ["p.yaml": iac], live: ["l.yaml": live])
    #expect(analysis.findings.map(\.resource.text) == ["ClusterPolicy.kyverno.io/require-labels"])
  }

  @Test func emptyFilesAreSkippedWithANote() {
    let analysis = Self.analyze(
      iac: ["empty.json": "  \n", "empty.yaml": ""], live: ["l.yaml": "items: []\nkind: List\n"])
    #expect(!analysis.hasErrors)
    #expect(analysis.diagnostics.filter { $0.message == "skipped an empty file" }.count == 2)
  }

  @Test func largeMapsAndListsCompareCorrectly() {
    let keys = (0..<3000).map { "k\($0)" }
    let iacData = keys.map { "  \($0): v" }.joined(separator: "\n")
    let liveData = keys.map { "  \($0): \($0 == "k1500" ? "w" : "v")" }.joined(separator: "\n") + "\n  extra: x"
    let iac = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n\(iacData)\n"
    let live = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n\(liveData)\n"
    let analysis = Self.analyze(iac: ["cm.yaml": iac], live: ["l.yaml": live])
    #expect(analysis.findings.map(\.path.description) == ["data.extra", "data.k1500"])
  }

  @Test func anInsertionInsideARemovedRangeOverlaps() {
    let removed = ByteSpan(start: 84, end: 93)
    #expect(ByteSpan(start: 92, end: 92).overlaps(removed))
    #expect(removed.overlaps(ByteSpan(start: 92, end: 92)))
    #expect(!ByteSpan(start: 93, end: 93).overlaps(removed))
    #expect(!ByteSpan(start: 84, end: 84).overlaps(removed))
  }

  @Test func controlCharactersNeverReachTheTerminal() {
    let renderer = TextReportRenderer(color: false)
    #expect(renderer.short(.string("\u{1B}[2Jowned")) == "\"\\u001b[2Jowned\"")
    let diagnostic = Diagnostic(
      .error, "bad", location: SourceLocation(file: "f", line: 1, column: 3), sourceLine: "a\u{1B}]0;x\u{07}")
    #expect(!diagnostic.rendered.contains("\u{1B}"))
  }
}
