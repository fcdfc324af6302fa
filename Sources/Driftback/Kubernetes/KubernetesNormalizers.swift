/// The Kubernetes normalizers, in the order they run. Each is one type in one file.
public enum KubernetesNormalizers {
  /// Every normalizer.
  public static let all: [any KubernetesNormalizer] = [
    ServerMetadataNormalizer(),
    StatusNormalizer(),
    SecretStringDataNormalizer(),
    RuntimeAnnotationNormalizer(),
    WorkloadDefaultsNormalizer(),
    AutoscalerDefaultsNormalizer(),
    PodSpecDefaultsNormalizer(),
    ContainerDefaultsNormalizer(),
    VolumeDefaultsNormalizer(),
    ServiceNormalizer(),
    QuantityNormalizer(),
    KindDefaultsNormalizer(),
    PersistentVolumeNormalizer(),
    NetworkPolicyNormalizer(),
    AdmissionWebhookNormalizer(),
    InjectedCABundleNormalizer(),
  ]

  /// Runs every normalizer on a pair.
  public static func normalize(_ pair: inout NormalizationPair, using normalizers: [any KubernetesNormalizer] = all) {
    for normalizer in normalizers { normalizer.normalize(&pair) }
  }
}
