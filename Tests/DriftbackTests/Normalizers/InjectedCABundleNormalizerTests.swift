import DriftbackSyntax
import Testing

@testable import Driftback

@Suite struct InjectedCABundleNormalizerTests {
  static let id = InjectedCABundleNormalizer().id

  static func webhookIaC(caBundle: String = "") -> String {
    """
    apiVersion: admissionregistration.k8s.io/v1
    kind: MutatingWebhookConfiguration
    metadata:
      name: cert-manager-webhook
      annotations:
        cert-manager.io/inject-ca-from-secret: cert-manager/cert-manager-webhook-ca
    webhooks:
    - name: webhook.cert-manager.io
      admissionReviewVersions: [v1]
      sideEffects: None
      failurePolicy: Fail
      clientConfig:
        \(caBundle)service:
          name: cert-manager-webhook
          namespace: cert-manager
          path: /mutate
    """
  }

  static let webhookLive = """
    apiVersion: admissionregistration.k8s.io/v1
    kind: MutatingWebhookConfiguration
    metadata:
      annotations:
        cert-manager.io/inject-ca-from-secret: cert-manager/cert-manager-webhook-ca
      name: cert-manager-webhook
    webhooks:
    - admissionReviewVersions:
      - v1
      clientConfig:
        caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJhekNDQVJHZ0F3SUJBZ0lRCg==
        service:
          name: cert-manager-webhook
          namespace: cert-manager
          path: /mutate
          port: 443
      failurePolicy: Fail
      matchPolicy: Equivalent
      name: webhook.cert-manager.io
      namespaceSelector: {}
      objectSelector: {}
      reinvocationPolicy: Never
      sideEffects: None
      timeoutSeconds: 10
    """

  @Test func injectedWebhookBundleIsNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.webhookIaC(), live: Self.webhookLive) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.webhookIaC(), live: Self.webhookLive, without: Self.id)
        == [#"webhooks[name="webhook.cert-manager.io"].clientConfig.caBundle added"#])
    #expect(try NormalizerFixture.clean(Self.webhookLive)["webhooks"]?.list?.first?["clientConfig"]?["caBundle"] == nil)
  }

  @Test func declaredBundleIsCompared() throws {
    let declared = Self.webhookIaC(caBundle: "caBundle: c3RhbGU=\n    ")
    #expect(
      try NormalizerFixture.changes(iac: declared, live: Self.webhookLive)
        == [#"webhooks[name="webhook.cert-manager.io"].clientConfig.caBundle changed"#])
  }

  @Test func apiServiceAndConversionWebhookBundlesAreNoise() throws {
    let apiServiceIaC = """
      apiVersion: apiregistration.k8s.io/v1
      kind: APIService
      metadata:
        name: v1beta1.metrics.k8s.io
      spec:
        group: metrics.k8s.io
        version: v1beta1
        groupPriorityMinimum: 100
        versionPriority: 100
        service:
          name: metrics-server
          namespace: kube-system
      """
    let apiServiceLive = """
      apiVersion: apiregistration.k8s.io/v1
      kind: APIService
      metadata:
        name: v1beta1.metrics.k8s.io
      spec:
        caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
        group: metrics.k8s.io
        groupPriorityMinimum: 100
        service:
          name: metrics-server
          namespace: kube-system
          port: 443
        version: v1beta1
        versionPriority: 100
      status:
        conditions:
        - status: "True"
          type: Available
      """
    // `service.port` of an APIService is not defaulted by this normalizer: it shows up.
    #expect(try NormalizerFixture.changes(iac: apiServiceIaC, live: apiServiceLive) == ["spec.service.port added"])
    #expect(
      try NormalizerFixture.changes(iac: apiServiceIaC, live: apiServiceLive, without: Self.id)
        == ["spec.caBundle added", "spec.service.port added"])

    let crdIaC = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: widgets.example.com
      spec:
        group: example.com
        conversion:
          strategy: Webhook
          webhook:
            conversionReviewVersions: [v1]
            clientConfig:
              service:
                name: widget-conversion
                namespace: widgets
      """
    let crdLive = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: widgets.example.com
      spec:
        conversion:
          strategy: Webhook
          webhook:
            clientConfig:
              caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
              service:
                name: widget-conversion
                namespace: widgets
            conversionReviewVersions:
            - v1
        group: example.com
      """
    #expect(try NormalizerFixture.changes(iac: crdIaC, live: crdLive) == [])
    #expect(
      try NormalizerFixture.changes(iac: crdIaC, live: crdLive, without: Self.id)
        == ["spec.conversion.webhook.clientConfig.caBundle added"])
  }
}
