import DriftbackSyntax
import Testing

@testable import Driftback

@Suite struct StatusNormalizerTests {
  static let id = StatusNormalizer().id

  static let claimTemplateIaC = """
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: cache
      namespace: shop
    spec:
      replicas: 3
      serviceName: cache
      selector:
        matchLabels:
          app: cache
      template:
        metadata:
          labels:
            app: cache
        spec:
          containers:
          - name: redis
            image: redis:7.4
      volumeClaimTemplates:
      - metadata:
          name: data
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Gi
    """

  static func claimTemplateLive(replicas: Int = 3) -> String {
    """
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: cache
      namespace: shop
    spec:
      replicas: \(replicas)
      selector:
        matchLabels:
          app: cache
      serviceName: cache
      template:
        metadata:
          labels:
            app: cache
        spec:
          containers:
          - image: redis:7.4
            name: redis
      volumeClaimTemplates:
      - metadata:
          name: data
        spec:
          accessModes:
          - ReadWriteOnce
          resources:
            requests:
              storage: 1Gi
        status:
          phase: Pending
    status:
      availableReplicas: 3
      collisionCount: 0
      currentReplicas: 3
      readyReplicas: 3
      replicas: 3
    """
  }

  @Test func statusIsNoiseEverywhere() throws {
    let live = Self.claimTemplateLive()
    let without = try NormalizerFixture.changes(iac: Self.claimTemplateIaC, live: live, without: Self.id)
    #expect(without.contains("status added"))
    #expect(without.contains("spec.volumeClaimTemplates[0].status added"))
    #expect(!(try NormalizerFixture.changes(iac: Self.claimTemplateIaC, live: live).contains { $0.contains("status") }))
    #expect(
      try NormalizerFixture.changes(iac: Self.claimTemplateIaC, live: Self.claimTemplateLive(replicas: 5))
        .contains("spec.replicas changed"))
    #expect(try NormalizerFixture.clean(live)["status"] == nil)
  }
}
