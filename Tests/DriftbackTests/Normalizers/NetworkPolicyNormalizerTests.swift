import DriftbackSyntax
import Testing

@testable import Driftback

@Suite struct NetworkPolicyNormalizerTests {
  static let id = NetworkPolicyNormalizer().id

  static func policyIaC(egress: Bool) -> String {
    let egressRules =
      egress ? "\n  egress:\n  - to:\n    - namespaceSelector: {}\n    ports:\n    - port: 53\n      protocol: UDP" : ""
    return """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: web
        namespace: shop
      spec:
        podSelector:
          matchLabels:
            app: web
        ingress:
        - from:
          - podSelector:
              matchLabels:
                app: gateway
      """ + egressRules
  }

  static func policyLive(types: [String], egress: Bool) -> String {
    let egressRules =
      egress ? "\n  egress:\n  - ports:\n    - port: 53\n      protocol: UDP\n    to:\n    - namespaceSelector: {}" : ""
    return """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        generation: 1
        name: web
        namespace: shop
      spec:
        ingress:
        - from:
          - podSelector:
              matchLabels:
                app: gateway
        podSelector:
          matchLabels:
            app: web
        policyTypes:
      """ + types.map { "\n  - \($0)" }.joined() + egressRules
  }

  @Test func computedPolicyTypesAreNoise() throws {
    let ingressOnly = Self.policyLive(types: ["Ingress"], egress: false)
    #expect(try NormalizerFixture.changes(iac: Self.policyIaC(egress: false), live: ingressOnly) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.policyIaC(egress: false), live: ingressOnly, without: Self.id) == [
        "spec.policyTypes added"
      ])
    let both = Self.policyLive(types: ["Ingress", "Egress"], egress: true)
    #expect(try NormalizerFixture.changes(iac: Self.policyIaC(egress: true), live: both) == [])
  }

  @Test func egressTypeAddedByHandIsReported() throws {
    // Egress without egress rules denies all egress: not the computed default.
    let denyEgress = Self.policyLive(types: ["Ingress", "Egress"], egress: false)
    #expect(
      try NormalizerFixture.changes(iac: Self.policyIaC(egress: false), live: denyEgress) == ["spec.policyTypes added"])
    #expect(try NormalizerFixture.clean(denyEgress)["spec"]?["policyTypes"] == ["Ingress", "Egress"])
    #expect(
      try NormalizerFixture.clean(Self.policyLive(types: ["Ingress"], egress: false))["spec"]?["policyTypes"] == nil)
  }
}
