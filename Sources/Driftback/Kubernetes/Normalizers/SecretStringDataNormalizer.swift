/// `stringData` is write-only: the API server merges it into `data` as base64 and never returns it. An
/// IaC Secret written with `stringData` is compared as the `data` the server stores (a `stringData` key
/// wins over the same key in `data`, as on the server), so equal values are not drift.
public struct SecretStringDataNormalizer: KubernetesNormalizer {
  public let id = "k8s-secret-string-data"

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    guard pair.kind == "Secret", pair.group.isEmpty, let stringData = pair.iac?["stringData"]?.map else { return }
    var data = pair.iac?["data"]?.map ?? ValueMap()
    for entry in stringData.entries {
      guard let text = entry.value.scalarText else { continue }
      data[entry.key] = .string(Base64.encode(Array(text.utf8)))
    }
    pair.iac?["stringData"] = nil
    pair.iac?["data"] = .map(data)
  }
}
