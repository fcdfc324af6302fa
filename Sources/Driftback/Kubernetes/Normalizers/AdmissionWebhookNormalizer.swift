/// Prunes the defaults of Mutating- and ValidatingWebhookConfiguration webhooks (matched by name) from the
/// live side where the IaC does not set them (`kubernetes/kubernetes:pkg/apis/admissionregistration/*/defaults.go`):
/// - `admissionregistration.k8s.io/v1beta1`: `failurePolicy: Ignore`, `matchPolicy: Exact`,
///   `sideEffects: Unknown`, `timeoutSeconds: 30`, `admissionReviewVersions: [v1beta1]`;
/// - `admissionregistration.k8s.io/v1`: `failurePolicy: Fail`, `matchPolicy: Equivalent`, `timeoutSeconds: 10`
///   (`sideEffects` and `admissionReviewVersions` are required there);
/// - both: `reinvocationPolicy: Never`, `namespaceSelector: {}`, `objectSelector: {}`, `rules[].scope: "*"`,
///   `clientConfig.service.port: 443`.
///
/// The defaults are those of the version the object was created with, so the IaC's apiVersion decides
/// (an object created through v1beta1 keeps `matchPolicy: Exact` when read through v1).
public struct AdmissionWebhookNormalizer: KubernetesNormalizer {
  public let id = "k8s-admission-webhooks"

  static let kinds: Set<String> = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    guard Self.kinds.contains(pair.kind), pair.group == "admissionregistration.k8s.io" else { return }
    let apiVersion = pair.iac?["apiVersion"]?.string ?? pair.live["apiVersion"]?.string ?? ""
    let versionDefaults: [(String, Value)] =
      apiVersion.hasSuffix("/v1beta1")
      ? [
        ("failurePolicy", "Ignore"), ("matchPolicy", "Exact"), ("sideEffects", "Unknown"), ("timeoutSeconds", 30),
        ("admissionReviewVersions", ["v1beta1"]),
      ]
      : [("failurePolicy", "Fail"), ("matchPolicy", "Equivalent"), ("timeoutSeconds", 10)]
    let defaults = versionDefaults + [("reinvocationPolicy", "Never")]
    pair.live.forEachItem(in: "webhooks", matching: "name", iac: pair.iac) { webhook, iac in
      webhook.pruneDefaults(defaults, iac: iac)
      webhook.pruneEmpty("namespaceSelector", iac: iac)
      webhook.pruneEmpty("objectSelector", iac: iac)
      webhook.forEachItemByIndexIn("rules", iac: iac) { rule, iacRule in
        rule.pruneDefault("scope", iac: iacRule, equals: "*")
      }
      webhook.withPair(["clientConfig", "service"], iac: iac) { service, iacService in
        service.pruneDefault("port", iac: iacService, equals: 443)
      }
    }
  }
}
