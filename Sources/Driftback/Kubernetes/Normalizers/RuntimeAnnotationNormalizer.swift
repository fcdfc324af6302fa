/// Removes the annotations and labels that kubectl, Argo CD and controllers write at runtime, so that they
/// never show up as drift:
/// - annotations that only ever hold runtime state (`kubectl.kubernetes.io/last-applied-configuration`,
///   `deployment.kubernetes.io/revision`, `deprecated.daemonset.template.generation`,
///   `argocd.argoproj.io/tracking-id`, ...) are removed from both sides,
///   as is `kubectl.kubernetes.io/restartedAt` in pod templates (written by `kubectl rollout restart`);
/// - the `pv.kubernetes.io/*`, `volume.kubernetes.io/*` and `volume.beta.kubernetes.io/*` annotations that
///   the volume binder and provisioners write are removed from the live side unless the IaC sets that
///   same key (`volume.beta.kubernetes.io/storage-class` is also a user-written key: then it is compared);
/// - the Namespace label `kubernetes.io/metadata.name`, which the API server sets to the name;
/// - for Jobs, the labels the Job controller adds to the Job and its pod template (`controller-uid`,
///   `job-name` and their `batch.kubernetes.io/` forms) and the generated `spec.selector`, unless declared.
public struct RuntimeAnnotationNormalizer: KubernetesNormalizer {
  public let id = "k8s-runtime-annotations"

  /// Annotations that hold nothing but runtime state; removed from both sides.
  static let runtimeAnnotations: Set<String> = [
    "kubectl.kubernetes.io/last-applied-configuration",
    "deployment.kubernetes.io/revision",
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.daemonset.template.generation",
    "argocd.argoproj.io/tracking-id",
    "endpoints.kubernetes.io/last-change-trigger-time",
    "batch.kubernetes.io/job-tracking",
    "batch.kubernetes.io/cronjob-scheduled-timestamp",
    "control-plane.alpha.kubernetes.io/leader",
  ]

  /// Prefixes of annotations written by the volume binder and provisioners; pruned from live unless declared.
  static let volumeAnnotationPrefixes = ["pv.kubernetes.io/", "volume.kubernetes.io/", "volume.beta.kubernetes.io/"]

  /// Pod-template annotations written by `kubectl rollout restart`; removed from both sides.
  static let templateAnnotations: Set<String> = ["kubectl.kubernetes.io/restartedAt"]

  /// Labels the Job controller adds to a Job and to its pod template.
  static let jobControllerLabels: Set<String> = [
    "controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name",
  ]

  static let templateAnnotationPaths: [[String]] = [
    ["spec", "template", "metadata", "annotations"],
    ["spec", "jobTemplate", "spec", "template", "metadata", "annotations"], ["template", "metadata", "annotations"],
  ]

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    stripRuntimeAnnotations(&pair)
    if pair.kind == "Namespace" {
      pair.live.withPair(["metadata", "labels"], iac: nil) { labels, _ in labels["kubernetes.io/metadata.name"] = nil }
      pair.iac?.withPair(["metadata", "labels"], iac: nil) { labels, _ in labels["kubernetes.io/metadata.name"] = nil }
    }
    if pair.kind == "Job" { stripJobControllerLabels(&pair) }
  }

  // MARK: - Annotations

  private func stripRuntimeAnnotations(_ pair: inout NormalizationPair) {
    pair.withPair(["metadata", "annotations"]) { annotations, iacAnnotations in
      annotations.removeKeys { key in
        Self.runtimeAnnotations.contains(key)
          || (Self.isVolumeAnnotation(key) && !iacAnnotations.declares(key))
      }
    }
    pair.iac?.withPair(["metadata", "annotations"], iac: nil) { annotations, _ in
      annotations.removeKeys { Self.runtimeAnnotations.contains($0) }
    }
    for path in Self.templateAnnotationPaths {
      pair.live.withPair(path, iac: nil) { annotations, _ in
        annotations.removeKeys { Self.templateAnnotations.contains($0) }
      }
      pair.iac?.withPair(path, iac: nil) { annotations, _ in
        annotations.removeKeys { Self.templateAnnotations.contains($0) }
      }
    }
  }

  static func isVolumeAnnotation(_ key: String) -> Bool {
    volumeAnnotationPrefixes.contains { key.hasPrefix($0) }
  }

  // MARK: - Job controller

  private func stripJobControllerLabels(_ pair: inout NormalizationPair) {
    for path in [["metadata", "labels"], ["spec", "template", "metadata", "labels"]] {
      pair.withPair(path) { labels, iacLabels in
        for label in Self.jobControllerLabels { labels.pruneUnlessDeclared(label, iac: iacLabels) }
      }
    }
    pair.withPair(["spec"]) { spec, iacSpec in
      // The Job controller generates the selector (on controller-uid) unless the manifest selects manually.
      spec.pruneUnlessDeclared("selector", iac: iacSpec)
    }
  }
}
