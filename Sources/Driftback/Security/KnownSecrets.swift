public import DriftbackSyntax

/// Values known to be secret, wherever else they turn up: the data of a Kubernetes `Secret` under a
/// secret-sounding key (`password`, `tls.key`; not `username` or `host`), Terraform sensitive values, and the
/// credentials found written in the IaC. A finding of another object whose value holds one of them (a database
/// password pasted into a ConfigMap's connection string, a sensitive value copied into a tag) has its values
/// redacted, is marked as involving a secret and is never back-ported.
public enum KnownSecrets {
  /// Shorter texts are left out: a four-letter value would match by chance.
  public static let minimumLength = 8

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
    let index = Index(analysis.secretTexts)
    guard !index.isEmpty else { return analysis }
    var protected = analysis
    for position in protected.findings.indices where !protected.findings[position].involvesSecret {
      let finding = protected.findings[position]
      guard index.occursIn(finding.iac) || index.occursIn(finding.live) else { continue }
      protected.findings[position].iac = finding.iac.map(redactor.redactAll)
      protected.findings[position].live = finding.live.map(redactor.redactAll)
      protected.findings[position].involvesSecret = true
      if finding.action == .backport { protected.findings[position].action = .review }
      protected.findings[position].backport = .init(
        possible: false,
        reason:
          "the value holds a secret known elsewhere (a Secret's data, a sensitive value, a credential in the IaC): "
          + "it is never written into source; move it to a secret reference")
    }
    return protected
  }

  /// The known texts indexed by their first four bytes: whether a text holds one costs one pass over the
  /// text and a check of the few texts that start like the window, however many secrets are known.
  struct Index {
    private var byPrefix: [UInt32: [[UInt8]]] = [:]

    init(_ texts: Set<String>) {
      for text in texts where text.utf8.count >= KnownSecrets.minimumLength {
        let bytes = Array(text.utf8)
        byPrefix[Self.window(bytes, 0), default: []].append(bytes)
      }
    }

    var isEmpty: Bool { byPrefix.isEmpty }

    static func window(_ bytes: [UInt8], _ start: Int) -> UInt32 {
      UInt32(bytes[start]) << 24 | UInt32(bytes[start + 1]) << 16 | UInt32(bytes[start + 2]) << 8
        | UInt32(bytes[start + 3])
    }

    /// Whether any string under `value` contains a known text.
    func occursIn(_ value: Value?) -> Bool {
      guard let value else { return false }
      switch value.kind {
      case .string(let text): return contains(text)
      case .list(let items): return items.contains { occursIn($0) }
      case .map(let map): return map.entries.contains { occursIn($0.value) }
      default: return false
      }
    }

    /// Whether `text` contains a known text.
    func contains(_ text: String) -> Bool {
      let bytes = Array(text.utf8)
      guard bytes.count >= KnownSecrets.minimumLength else { return false }
      for start in 0...(bytes.count - 4) {
        guard let candidates = byPrefix[Self.window(bytes, start)] else { continue }
        for candidate in candidates where start + candidate.count <= bytes.count {
          if bytes[start..<(start + candidate.count)].elementsEqual(candidate) { return true }
        }
      }
      return false
    }
  }
}
