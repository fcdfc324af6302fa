import DriftbackSyntax
import Testing

@testable import Driftback

@Suite struct AutoscalerDefaultsNormalizerTests {
  static let id = AutoscalerDefaultsNormalizer().id

  static func autoscalerIaC(behavior: String = "") -> String {
    """
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata:
      name: web
      namespace: shop
    spec:
      \(behavior)maxReplicas: 10
      scaleTargetRef:
        apiVersion: apps/v1
        kind: Deployment
        name: web
    """
  }

  static func autoscalerLive(utilization: Int = 80, scaleDownWindow: String = "") -> String {
    """
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata:
      creationTimestamp: "2026-11-02T09:14:07Z"
      name: web
      namespace: shop
      resourceVersion: "918700"
      uid: 6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c
    spec:
      behavior:
        scaleDown:
          policies:
          - periodSeconds: 15
            type: Percent
            value: 100
          selectPolicy: Max
          \(scaleDownWindow)
        scaleUp:
          policies:
          - periodSeconds: 15
            type: Pods
            value: 4
          - periodSeconds: 15
            type: Percent
            value: 100
          selectPolicy: Max
          stabilizationWindowSeconds: 0
      maxReplicas: 10
      metrics:
      - resource:
          name: cpu
          target:
            averageUtilization: \(utilization)
            type: Utilization
        type: Resource
      minReplicas: 1
      scaleTargetRef:
        apiVersion: apps/v1
        kind: Deployment
        name: web
    status:
      currentReplicas: 2
      desiredReplicas: 2
    """
  }

  static let declaredBehavior = "behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 600\n  "

  @Test func autoscalerDefaultsAreNoise() throws {
    let iac = Self.autoscalerIaC(behavior: Self.declaredBehavior)
    let live = Self.autoscalerLive(scaleDownWindow: "stabilizationWindowSeconds: 600")
    #expect(try NormalizerFixture.changes(iac: iac, live: live) == [])
    #expect(
      try NormalizerFixture.changes(iac: iac, live: live, without: Self.id) == [
        "spec.behavior.scaleDown.policies added", "spec.behavior.scaleDown.selectPolicy added",
        "spec.behavior.scaleUp added", "spec.metrics added", "spec.minReplicas added",
      ])
  }

  @Test func changedTargetIsReported() throws {
    let iac = Self.autoscalerIaC(behavior: Self.declaredBehavior)
    let live = Self.autoscalerLive(utilization: 60, scaleDownWindow: "stabilizationWindowSeconds: 600")
    #expect(try NormalizerFixture.changes(iac: iac, live: live) == ["spec.metrics added"])
    // A behavior the IaC never declared is not a default: someone added it.
    #expect(
      try NormalizerFixture.changes(iac: Self.autoscalerIaC(), live: Self.autoscalerLive()) == ["spec.behavior added"])
  }

  @Test func cleaningRemovesAutoscalerDefaults() throws {
    let spec = try #require(try NormalizerFixture.clean(Self.autoscalerLive())["spec"])
    for key in ["behavior", "metrics", "minReplicas"] { #expect(spec[key] == nil, "\(key)") }
    let tuned = try NormalizerFixture.clean(Self.autoscalerLive(scaleDownWindow: "stabilizationWindowSeconds: 600"))
    #expect(tuned["spec"]?["behavior"] == ["scaleDown": ["stabilizationWindowSeconds": 600]])
  }
}
