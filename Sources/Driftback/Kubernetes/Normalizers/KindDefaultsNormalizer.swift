/// Prunes the defaults and controller-filled fields of small core and RBAC kinds, where the IaC does not
/// set them:
/// - Secret `type: Opaque`; Secret and ConfigMap empty `data` / `binaryData` / `stringData`;
/// - Namespace `spec.finalizers: [kubernetes]`;
/// - Endpoints `subsets[].ports[].protocol: TCP` (subsets and ports matched by position, as they are diffed);
/// - ServiceAccount `secrets` items that the token controller adds (`<name>-token-*`, clusters before 1.24),
///   and the `<name>-dockercfg-*` items OpenShift adds to `secrets` and `imagePullSecrets`, when the IaC
///   does not list them; any other live-only secret reference stays a finding;
/// - ClusterRole `rules` when the object has an `aggregationRule`: the aggregation controller owns them, so
///   they are removed from both sides.
public struct KindDefaultsNormalizer: KubernetesNormalizer {
  public let id = "k8s-kind-defaults"

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    switch (pair.group, pair.kind) {
    case ("", "Secret"):
      pair.live.pruneDefault("type", iac: pair.iac, equals: "Opaque")
      for field in ["data", "stringData", "binaryData"] { pair.live.pruneEmpty(field, iac: pair.iac) }
    case ("", "ConfigMap"):
      for field in ["data", "binaryData"] { pair.live.pruneEmpty(field, iac: pair.iac) }
    case ("", "Namespace"):
      pair.withPair(["spec"]) { spec, iac in spec.pruneDefault("finalizers", iac: iac, equals: ["kubernetes"]) }
      pair.live.pruneEmpty("spec", iac: pair.iac)
    case ("", "Endpoints"):
      pair.live.forEachItemByIndexIn("subsets", iac: pair.iac) { subset, iacSubset in
        subset.forEachItemByIndexIn("ports", iac: iacSubset) { port, iacPort in
          port.pruneDefault("protocol", iac: iacPort, equals: "TCP")
        }
      }
    case ("", "ServiceAccount"):
      Self.pruneTokenSecrets(&pair)
    case ("rbac.authorization.k8s.io", "ClusterRole"):
      let aggregated = (pair.iac ?? pair.live).declares("aggregationRule")
      if aggregated {
        pair.live["rules"] = nil
        pair.iac?["rules"] = nil
      }
    default:
      break
    }
  }

  /// Removes the live items of `secrets` and `imagePullSecrets` named `<account>-token-*` (the token
  /// controller) or `<account>-dockercfg-*` (OpenShift's registry credential controller) that the IaC does
  /// not list.
  static func pruneTokenSecrets(_ pair: inout NormalizationPair) {
    guard let name = pair.live["metadata"]?["name"]?.string else { return }
    let prefixes = [name + "-token-", name + "-dockercfg-"]
    for list in ["secrets", "imagePullSecrets"] {
      pair.live.removeItems(in: list, iac: pair.iac) { item, iacItems in
        guard let secret = item["name"]?.string, prefixes.contains(where: { secret.hasPrefix($0) }) else {
          return false
        }
        return !iacItems.contains { $0["name"]?.string == secret }
      }
    }
  }
}
