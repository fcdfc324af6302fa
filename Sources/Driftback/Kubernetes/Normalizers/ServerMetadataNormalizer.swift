/// Removes what the API server writes into `metadata`: uid, resourceVersion, generation, timestamps,
/// managedFields, selfLink, and controller-made ownerReferences, finalizers and generateName when the IaC
/// does not declare them (when it declares finalizers, the built-in protection finalizers it does not list
/// are still dropped). Also drops `creationTimestamp: null` inside templates (older kubectl output).
///
/// Identity is settled before comparison, so two more things are not drift:
/// - `metadata.namespace` is part of the address, so a live namespace is dropped when the IaC leaves it to
///   `kubectl apply -n`. When cleaning an object on its own (no IaC) the namespace is kept;
/// - an `apiVersion` of the same group in another version (`apps/v1beta1` in the IaC, `apps/v1` read back,
///   or `extensions/v1beta1` for a kind that moved to `apps` or `networking.k8s.io`) names the same stored
///   object, so the live side takes the IaC's apiVersion.
public struct ServerMetadataNormalizer: KubernetesNormalizer {
  public let id = "k8s-server-metadata"

  static let serverFields = [
    "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
    "deletionGracePeriodSeconds", "managedFields", "selfLink",
  ]
  static let controllerFields = ["ownerReferences", "finalizers", "generateName"]

  /// Finalizers that built-in controllers add to objects whatever their manifest says.
  static let builtInFinalizers: Set<String> = [
    "kubernetes.io/pvc-protection", "kubernetes.io/pv-protection", "foregroundDeletion", "orphan",
    "service.kubernetes.io/load-balancer-cleanup", "batch.kubernetes.io/job-tracking",
  ]

  static let templateMetadataPaths: [[String]] = [
    ["spec", "template", "metadata"], ["spec", "jobTemplate", "metadata"],
    ["spec", "jobTemplate", "spec", "template", "metadata"], ["template", "metadata"],
  ]

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    pair.withPair(["metadata"]) { live, iac in
      for field in Self.serverFields { live[field] = nil }
      for field in Self.controllerFields { live.pruneUnlessDeclared(field, iac: iac) }
      live.removeItems(in: "finalizers", iac: iac) { finalizer, declared in
        guard let name = finalizer.string, Self.builtInFinalizers.contains(name) else { return false }
        return !declared.contains { $0.string == name }
      }
      if iac != nil { live.pruneUnlessDeclared("namespace", iac: iac) }
    }
    pair.iac?.withPair(["metadata"], iac: nil) { iac, _ in
      for field in Self.serverFields { iac[field] = nil }
    }
    if let declared = pair.iac?["apiVersion"]?.string, let read = pair.live["apiVersion"]?.string, declared != read,
      Self.storageGroup(of: declared, kind: pair.kind) == Self.storageGroup(of: read, kind: pair.kind)
    {
      pair.live["apiVersion"] = .string(declared)
    }
    // Templates: `creationTimestamp: null` on either side.
    for path in Self.templateMetadataPaths {
      pair.live.withPair(path, iac: nil) { metadata, _ in metadata["creationTimestamp"] = nil }
      pair.iac?.withPair(path, iac: nil) { metadata, _ in metadata["creationTimestamp"] = nil }
    }
    pair.live.withPair(["spec", "volumeClaimTemplates"], iac: nil, Self.stripClaimTimestamps)
    pair.iac?.withPair(["spec", "volumeClaimTemplates"], iac: nil, Self.stripClaimTimestamps)
  }

  /// Kinds that moved out of `extensions` and are served from both groups for the same stored object.
  static let movedFromExtensions: [String: String] = [
    "Deployment": "apps", "DaemonSet": "apps", "ReplicaSet": "apps", "Ingress": "networking.k8s.io",
    "NetworkPolicy": "networking.k8s.io", "PodSecurityPolicy": "policy",
  ]

  /// The group an apiVersion's object is stored under: `extensions/v1beta1` Deployments are `apps` ones.
  static func storageGroup(of apiVersion: String, kind: String) -> String {
    let group = KubernetesKind.group(ofAPIVersion: apiVersion)
    guard group == "extensions", let moved = movedFromExtensions[kind] else { return group }
    return moved
  }

  static func stripClaimTimestamps(_ templates: inout Value, _: Value?) {
    templates.withList { items in
      for index in items.indices {
        items[index].withPair(["metadata"], iac: nil) { metadata, _ in metadata["creationTimestamp"] = nil }
      }
    }
  }
}
