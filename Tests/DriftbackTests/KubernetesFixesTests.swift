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
