import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

@Suite struct AdmissionWebhookNormalizerTests {
  static let id = AdmissionWebhookNormalizer().id

  static let validatingIaC = """
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingWebhookConfiguration
    metadata:
      name: policy
    webhooks:
    - name: check.policy.example.com
      admissionReviewVersions: [v1]
      sideEffects: None
      clientConfig:
        service:
          name: policy-webhook
          namespace: policy
          path: /validate
      rules:
      - apiGroups: [apps]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [deployments]
    """

  static func validatingLive(failurePolicy: String = "Fail", caBundle: String = "") -> String {
    """
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingWebhookConfiguration
    metadata:
      creationTimestamp: "2026-11-02T09:14:07Z"
      generation: 3
      name: policy
      resourceVersion: "918600"
      uid: 4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b
    webhooks:
    - admissionReviewVersions:
      - v1
      clientConfig:
        \(caBundle)service:
          name: policy-webhook
          namespace: policy
          path: /validate
          port: 443
      failurePolicy: \(failurePolicy)
      matchPolicy: Equivalent
      name: check.policy.example.com
      namespaceSelector: {}
      objectSelector: {}
      rules:
      - apiGroups:
        - apps
        apiVersions:
        - v1
        operations:
        - CREATE
        - UPDATE
        resources:
        - deployments
        scope: '*'
      sideEffects: None
      timeoutSeconds: 10
    """
  }

  @Test func v1DefaultsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.validatingIaC, live: Self.validatingLive()) == [])
    let hook = #"webhooks[name="check.policy.example.com"]"#
    #expect(
      try NormalizerFixture.changes(iac: Self.validatingIaC, live: Self.validatingLive(), without: Self.id) == [
        "\(hook).clientConfig.service.port added", "\(hook).failurePolicy added", "\(hook).matchPolicy added",
        // An empty selector is a value ("everything"), so without the normalizer it is an addition.
        "\(hook).namespaceSelector added", "\(hook).objectSelector added",
        "\(hook).rules[0].scope added", "\(hook).timeoutSeconds added",
      ])
    #expect(
      try NormalizerFixture.changes(iac: Self.validatingIaC, live: Self.validatingLive(failurePolicy: "Ignore"))
        == ["\(hook).failurePolicy added"])
    let cleaned = try NormalizerFixture.clean(Self.validatingLive())
    #expect(cleaned["webhooks"]?.list?.first?["matchPolicy"] == nil)
    #expect(cleaned["webhooks"]?.list?.first?["rules"]?.list?.first?["scope"] == nil)
  }

  static let mutatingV1beta1IaC = """
    apiVersion: admissionregistration.k8s.io/v1beta1
    kind: MutatingWebhookConfiguration
    metadata:
      name: sidecar
    webhooks:
    - name: inject.sidecar.example.com
      clientConfig:
        service:
          name: sidecar-injector
          namespace: mesh
      rules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE]
        resources: [pods]
    """

  static func mutatingV1beta1Live(timeoutSeconds: Int = 30) -> String {
    """
    apiVersion: admissionregistration.k8s.io/v1beta1
    kind: MutatingWebhookConfiguration
    metadata:
      name: sidecar
    webhooks:
    - admissionReviewVersions:
      - v1beta1
      clientConfig:
        service:
          name: sidecar-injector
          namespace: mesh
          port: 443
      failurePolicy: Ignore
      matchPolicy: Exact
      name: inject.sidecar.example.com
      namespaceSelector: {}
      objectSelector: {}
      reinvocationPolicy: Never
      rules:
      - apiGroups:
        - ""
        apiVersions:
        - v1
        operations:
        - CREATE
        resources:
        - pods
        scope: '*'
      sideEffects: Unknown
      timeoutSeconds: \(timeoutSeconds)
    """
  }

  @Test func v1beta1DefaultsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.mutatingV1beta1IaC, live: Self.mutatingV1beta1Live()) == [])
    let hook = #"webhooks[name="inject.sidecar.example.com"]"#
    #expect(
      try NormalizerFixture.changes(iac: Self.mutatingV1beta1IaC, live: Self.mutatingV1beta1Live(timeoutSeconds: 5))
        == ["\(hook).timeoutSeconds added"])
    // Read back through v1, the object keeps its v1beta1 defaults.
    let readAsV1 = Self.mutatingV1beta1Live().replacingOccurrences(of: "/v1beta1", with: "/v1")
    #expect(try NormalizerFixture.changes(iac: Self.mutatingV1beta1IaC, live: readAsV1) == [])
    // A v1 manifest does not get v1beta1 defaults.
    let v1IaC = Self.mutatingV1beta1IaC.replacingOccurrences(of: "/v1beta1", with: "/v1")
    let v1Changes = try NormalizerFixture.changes(iac: v1IaC, live: readAsV1)
    #expect(v1Changes.contains("\(hook).matchPolicy added"))
    #expect(v1Changes.contains("\(hook).failurePolicy added"))
    let cleaned = try #require(try NormalizerFixture.clean(Self.mutatingV1beta1Live())["webhooks"]?.list?.first)
    #expect(
      cleaned["admissionReviewVersions"] == nil && cleaned["sideEffects"] == nil && cleaned["timeoutSeconds"] == nil)
  }
}
