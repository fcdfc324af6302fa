/// Prunes CA bundles that an injector writes into the live object when the IaC does not declare one:
/// cert-manager's cainjector (asked for with `cert-manager.io/inject-ca-from` or `inject-apiserver-ca`),
/// and the certgen jobs of charts such as ingress-nginx, fill `webhooks[].clientConfig.caBundle`,
/// CustomResourceDefinition conversion webhooks and APIService `spec.caBundle`. The bundle is rotated by
/// its injector, so it can never be carried back into the IaC; a bundle the IaC declares is compared.
public struct InjectedCABundleNormalizer: KubernetesNormalizer {
  public let id = "k8s-injected-ca-bundle"

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    switch (pair.group, pair.kind) {
    case ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
      ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"):
      pair.live.forEachItem(in: "webhooks", matching: "name", iac: pair.iac) { webhook, iac in
        webhook.withPair(["clientConfig"], iac: iac) { config, iacConfig in
          config.pruneUnlessDeclared("caBundle", iac: iacConfig)
        }
      }
    case ("apiextensions.k8s.io", "CustomResourceDefinition"):
      for path in [["spec", "conversion", "webhook", "clientConfig"], ["spec", "conversion", "webhookClientConfig"]] {
        pair.withPair(path) { config, iacConfig in config.pruneUnlessDeclared("caBundle", iac: iacConfig) }
      }
    case ("apiregistration.k8s.io", "APIService"):
      pair.withPair(["spec"]) { spec, iac in spec.pruneUnlessDeclared("caBundle", iac: iac) }
    default:
      break
    }
  }
}
