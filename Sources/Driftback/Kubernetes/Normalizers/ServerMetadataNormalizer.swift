/// Removes what the API server writes into `metadata`: uid, resourceVersion, generation, timestamps,
/// managedFields, selfLink, and controller-made ownerReferences, finalizers and generateName when the IaC
/// does not declare them. Also drops `creationTimestamp: null` inside templates (older kubectl output).
///
/// `metadata.namespace` is part of the address, and objects are matched by address before they are
/// compared, so a live namespace is dropped when the IaC leaves it to `kubectl apply -n`. When cleaning an
/// object on its own (no IaC) the namespace is kept: the new manifest needs it.
public struct ServerMetadataNormalizer: KubernetesNormalizer {
  public let id = "k8s-server-metadata"

  static let serverFields = [
    "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
    "deletionGracePeriodSeconds", "managedFields", "selfLink",
  ]
  static let controllerFields = ["ownerReferences", "finalizers", "generateName"]

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    pair.withPair(["metadata"]) { live, iac in
      for field in Self.serverFields { live[field] = nil }
      for field in Self.controllerFields { live.pruneUnlessDeclared(field, iac: iac) }
    }
    if pair.iac != nil {
      pair.withPair(["metadata"]) { live, iac in live.pruneUnlessDeclared("namespace", iac: iac) }
    }
    pair.iac?.withPair(["metadata"], iac: nil) { iac, _ in
      for field in Self.serverFields { iac[field] = nil }
    }
    // Templates: `creationTimestamp: null` on either side.
    for templatePath in [["spec", "template", "metadata"], ["spec", "jobTemplate", "metadata"],
      ["spec", "jobTemplate", "spec", "template", "metadata"], ["template", "metadata"]]
    {
      pair.live.withPair(templatePath, iac: nil) { metadata, _ in metadata["creationTimestamp"] = nil }
      pair.iac?.withPair(templatePath, iac: nil) { metadata, _ in metadata["creationTimestamp"] = nil }
    }
    for side in [true, false] {
      let strip: (inout Value, Value?) -> Void = { templates, _ in
        templates.withList { items in
          for index in items.indices {
            items[index].withPair(["metadata"], iac: nil) { metadata, _ in metadata["creationTimestamp"] = nil }
          }
        }
      }
      if side { pair.live.withPair(["spec", "volumeClaimTemplates"], iac: nil, strip) }
      else { pair.iac?.withPair(["spec", "volumeClaimTemplates"], iac: nil, strip) }
    }
  }
}
