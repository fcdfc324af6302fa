/// Secret data: a key of a `Secret`'s `data` or `stringData` added at runtime is a credential nobody declared
/// (**weakens**); a key removed at runtime is a credential revoked (**strengthens**); a value changed is a
/// rotation or tampering, which look the same from outside (**unclear**: a person decides). The values are
/// never shown and never written into a manifest. A whole Secret outside the source is not judged: the
/// cluster makes many (service-account tokens, Helm releases, issued certificates).
struct SecretDataRule: SecurityRule {
  let id = "K8S-SECRET-DATA"
  let severity = Finding.Severity.high
  let summary =
    "a credential added, revoked or changed outside the source (Kubernetes docs: Good practices for Kubernetes Secrets)"

  func assess(_ change: Change, kind: String) -> SecurityAssessment.Direction? {
    guard SecretDetector.isSecretKind(kind), kind != "SecretProviderClass",
      case .key(let key)? = change.path.segments.first, key == "data" || key == "stringData"
    else { return nil }
    // `data` as a whole, or one of its keys.
    guard change.path.segments.count <= 2 else { return .relevant }
    let iacKeys = Set(change.iac.flatMap { change.path.segments.count == 1 ? $0.map?.keys : [""] } ?? [])
    let liveKeys = Set(change.live.flatMap { change.path.segments.count == 1 ? $0.map?.keys : [""] } ?? [])
    if !liveKeys.subtracting(iacKeys).isEmpty { return .weakens }
    if !iacKeys.subtracting(liveKeys).isEmpty { return .strengthens }
    return .relevant
  }
}
