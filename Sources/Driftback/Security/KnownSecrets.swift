public import DriftbackSyntax

/// Values known to be secret, wherever else they turn up: the data of a Kubernetes `Secret` under a
/// secret-sounding key (`password`, `tls.key`; not `username` or `host`), Terraform sensitive values, and the
/// credentials found written in the IaC. A finding of another object whose value holds one of them (a database
/// password pasted into a ConfigMap's connection string, a sensitive value copied into a tag) has its values
/// redacted, is marked as involving a secret and is never back-ported.
public enum KnownSecrets {
  /// Shorter texts are left out: a four-letter value would match by chance.
  static let minimumLength = 8

  /// The secret texts of a Kubernetes object when it is a `Secret`: its `stringData` values and its decoded
  /// `data` values, under secret-sounding keys.
  static func kubernetesSecretTexts(of object: Value) -> [String] {
    guard let kind = object["kind"]?.string, SecretDetector.isSecretKind(kind) else { return [] }
    var texts: [String] = []
    for field in ["data", "stringData"] {
      for entry in object[field]?.map?.entries ?? [] where SecretDetector.isSecretName(entry.key) {
        guard let text = entry.value.string else { continue }
        if field == "data", let decoded = Base64.decode(text), let string = String(validating: decoded, as: UTF8.self) {
          texts.append(string)
        } else {
          texts.append(text)
        }
      }
    }
    return texts.filter { $0.utf8.count >= minimumLength }
  }

  /// The string values at and below `paths` of `value` (Terraform's sensitive attributes).
  static func texts(in value: Value, at paths: [ValuePath]) -> [String] {
    var texts: [String] = []
    func collect(_ value: Value) {
      switch value.kind {
      case .string(let text) where text.utf8.count >= minimumLength: texts.append(text)
      case .list(let items):
        for item in items { collect(item) }
      case .map(let map):
        for entry in map.entries { collect(entry.value) }
      default: break
      }
    }
    for path in paths { value.value(at: path).map(collect) }
    return texts
  }

  /// The analysis with every finding whose values hold a known secret text (``Analysis/secretTexts``)
  /// redacted and kept out of back-ports. Findings already about a secret are left as they are.
  public static func protect(_ analysis: Analysis, redactor: Redactor) -> Analysis {
    let known = analysis.secretTexts.filter { $0.utf8.count >= minimumLength }
    guard !known.isEmpty else { return analysis }
    var protected = analysis
    for index in protected.findings.indices where !protected.findings[index].involvesSecret {
      let finding = protected.findings[index]
      guard holds(finding.iac, known) || holds(finding.live, known) else { continue }
      protected.findings[index].iac = finding.iac.map(redactor.redactAll)
      protected.findings[index].live = finding.live.map(redactor.redactAll)
      protected.findings[index].involvesSecret = true
      if finding.action == .backport { protected.findings[index].action = .review }
      protected.findings[index].backport = .init(
        possible: false,
        reason:
          "the value holds a secret known elsewhere (a Secret's data, a sensitive value, a credential in the IaC): "
          + "it is never written into source; move it to a secret reference")
    }
    return protected
  }

  /// Whether any string under `value` contains one of `known`.
  static func holds(_ value: Value?, _ known: Set<String>) -> Bool {
    guard let value else { return false }
    switch value.kind {
    case .string(let text):
      guard text.utf8.count >= minimumLength else { return false }
      return known.contains(text) || known.contains { text.utf8.count > $0.utf8.count && text.contains($0) }
    case .list(let items): return items.contains { holds($0, known) }
    case .map(let map): return map.entries.contains { holds($0.value, known) }
    default: return false
    }
  }
}
