import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("Security: Kubernetes Service exposure")
struct ServiceExposureRuleTests {
  static func service(_ type: String?) -> Value {
    var spec: Value = ["ports": [["port": 80]]]
    if let type { spec["type"] = .string(type) }
    return ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "web"], "spec": spec]
  }

  func assess(_ path: ValuePath, _ kind: Change.Kind, iac: Value?, live: Value?, on object: String = "Service")
    -> SecurityAssessment?
  {
    KubernetesSecurityRules.assess(Change(path: path, kind: kind, iac: iac, live: live), kind: object)
  }

  static let type = ValuePath([.key("spec"), .key("type")])

  @Test("ClusterIP to LoadBalancer weakens")
  func toLoadBalancer() {
    let verdict = assess(Self.type, .changed, iac: "ClusterIP", live: "LoadBalancer")
    #expect(verdict?.rule == "K8S-SERVICE-EXPOSURE")
    #expect(verdict?.direction == .weakens)
    #expect(verdict?.severity == .high)
  }

  @Test("NodePort where the source says nothing weakens")
  func addedNodePort() {
    #expect(assess(Self.type, .added, iac: nil, live: "NodePort")?.direction == .weakens)
  }

  @Test("NodePort back to ClusterIP hardens")
  func toClusterIP() {
    let verdict = assess(Self.type, .changed, iac: "NodePort", live: "ClusterIP")
    #expect(verdict?.rule == "K8S-SERVICE-EXPOSURE")
    #expect(verdict?.direction == .strengthens)
  }

  @Test("A LoadBalancer type removed at runtime hardens")
  func removedLoadBalancer() {
    #expect(assess(Self.type, .removed, iac: "LoadBalancer", live: nil)?.direction == .strengthens)
  }

  @Test("An unmanaged LoadBalancer Service weakens; an unmanaged ClusterIP one does not fire")
  func unmanaged() {
    #expect(assess(.root, .added, iac: nil, live: Self.service("LoadBalancer"))?.direction == .weakens)
    #expect(assess(.root, .added, iac: nil, live: Self.service(nil)) == nil)
  }

  @Test("Does not fire: ports, other kinds, LoadBalancer to NodePort, a missing Service")
  func silent() {
    #expect(
      assess(ValuePath([.key("spec"), .key("ports")]), .changed, iac: [["port": 80]], live: [["port": 81]]) == nil)
    #expect(assess(Self.type, .changed, iac: "ClusterIP", live: "LoadBalancer", on: "ConfigMap") == nil)
    #expect(assess(Self.type, .changed, iac: "LoadBalancer", live: "NodePort") == nil)
    #expect(assess(.root, .removed, iac: Self.service("LoadBalancer"), live: nil) == nil)
  }
}
