import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

@Suite struct ServerMetadataNormalizerTests {
  static let id = ServerMetadataNormalizer().id

  static let configMapIaC = """
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: web-config
      creationTimestamp: null
    data:
      LOG_LEVEL: info
    """

  static func configMapLive(logLevel: String = "info", finalizers: String = "") -> String {
    """
    apiVersion: v1
    data:
      LOG_LEVEL: \(logLevel)
    kind: ConfigMap
    metadata:
      creationTimestamp: "2026-11-02T09:14:07Z"
      \(finalizers)managedFields:
      - apiVersion: v1
        fieldsType: FieldsV1
        fieldsV1:
          f:data:
            .: {}
            f:LOG_LEVEL: {}
        manager: kubectl-client-side-apply
        operation: Update
        time: "2026-11-02T09:14:07Z"
      name: web-config
      namespace: shop
      ownerReferences:
      - apiVersion: example.com/v1
        kind: WebApp
        name: web
        uid: 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b
      resourceVersion: "918000"
      selfLink: /api/v1/namespaces/shop/configmaps/web-config
      uid: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
    """
  }

  @Test func serverMetadataIsNoise() throws {
    // The IaC has no namespace (applied with -n shop) and an old `creationTimestamp: null`.
    #expect(try NormalizerFixture.changes(iac: Self.configMapIaC, live: Self.configMapLive()) == [])
    let without = try NormalizerFixture.changes(iac: Self.configMapIaC, live: Self.configMapLive(), without: Self.id)
    #expect(
      without == [
        "metadata.creationTimestamp added", "metadata.managedFields added", "metadata.namespace added",
        "metadata.ownerReferences added", "metadata.resourceVersion added", "metadata.selfLink added",
        "metadata.uid added",
      ])
    #expect(
      try NormalizerFixture.changes(iac: Self.configMapIaC, live: Self.configMapLive(logLevel: "debug")) == [
        "data.LOG_LEVEL changed"
      ])
  }

  @Test func declaredFinalizersKeepUserFinalizersAndDropBuiltIns() throws {
    let iac = Self.configMapIaC.replacingOccurrences(
      of: "  creationTimestamp: null", with: "  finalizers: [example.com/keep]")
    let builtIn = "finalizers:\n  - example.com/keep\n  - foregroundDeletion\n  "
    #expect(try NormalizerFixture.changes(iac: iac, live: Self.configMapLive(finalizers: builtIn)) == [])
    let extra = "finalizers:\n  - example.com/keep\n  - example.com/hold\n  "
    #expect(
      try NormalizerFixture.changes(iac: iac, live: Self.configMapLive(finalizers: extra)) == [
        "metadata.finalizers changed"
      ])
  }

  @Test func cleaningKeepsNameAndNamespace() throws {
    let metadata = try #require(try NormalizerFixture.clean(Self.configMapLive())["metadata"])
    #expect(metadata == ["name": "web-config", "namespace": "shop"])
  }

  @Test func olderVersionOfTheSameGroupIsNotDrift() throws {
    let iac = """
      apiVersion: autoscaling/v2beta2
      kind: HorizontalPodAutoscaler
      metadata:
        name: web
        namespace: shop
      spec:
        minReplicas: 2
        maxReplicas: 10
        scaleTargetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: web
      """
    let live = """
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: web
        namespace: shop
      spec:
        maxReplicas: 10
        minReplicas: 2
        scaleTargetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: web
      """
    #expect(try NormalizerFixture.changes(iac: iac, live: live) == [])
    #expect(try NormalizerFixture.changes(iac: iac, live: live, without: Self.id) == ["apiVersion changed"])
  }

  @Test func kindMovedOutOfExtensionsIsTheSameObject() throws {
    let iac = """
      apiVersion: extensions/v1beta1
      kind: Ingress
      metadata:
        name: shop
        namespace: shop
      spec:
        tls:
        - hosts: [shop.example.com]
          secretName: shop-tls
      """
    let live = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        generation: 1
        name: shop
        namespace: shop
      spec:
        tls:
        - hosts:
          - shop.example.com
          secretName: shop-tls
      status:
        loadBalancer: {}
      """
    #expect(try NormalizerFixture.changes(iac: iac, live: live) == [])
    #expect(try NormalizerFixture.changes(iac: iac, live: live, without: Self.id).contains("apiVersion changed"))
    // Another group is another object.
    let other = live.replacingOccurrences(of: "networking.k8s.io/v1", with: "example.com/v1")
    #expect(try NormalizerFixture.changes(iac: iac, live: other) == ["apiVersion changed"])
  }
}
