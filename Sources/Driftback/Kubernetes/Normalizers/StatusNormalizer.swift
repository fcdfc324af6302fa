/// Removes `status`, which controllers own, from both sides, including the `status` of StatefulSet
/// volume claim templates.
public struct StatusNormalizer: KubernetesNormalizer {
  public let id = "k8s-status"

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    pair.live["status"] = nil
    pair.iac?["status"] = nil
    let strip: (inout Value, Value?) -> Void = { templates, _ in
      templates.withList { items in
        for index in items.indices { items[index]["status"] = nil }
      }
    }
    pair.live.withPair(["spec", "volumeClaimTemplates"], iac: nil, strip)
    pair.iac?.withPair(["spec", "volumeClaimTemplates"], iac: nil, strip)
  }
}
