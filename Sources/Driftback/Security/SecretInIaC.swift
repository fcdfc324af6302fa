/// Finds credentials written literally into IaC files (a `secret-in-iac` finding each): values that
/// ``SecretDetector`` recognises (AWS keys, private keys, tokens, credentials in URLs), high-entropy values
/// under secret-sounding names, and the real-looking values of a Kubernetes Secret kept in git. Obvious
/// placeholders (`changeme`, `REPLACE_ME`, `${…}`, `<password>`, empty text) and references (a
/// CloudFormation dynamic reference, an ARN) never count.
public struct SecretInIaCScanner: Sendable {
  /// One literal secret: where it is inside the resource.
  public struct Hit: Sendable, Hashable {
    /// The value's path inside the scanned value.
    public var path: ValuePath
    /// The literal text (never to be shown: redact it).
    public var text: String
  }

  let detector = SecretDetector()

  /// Creates a scanner.
  public init() {}

  /// The Shannon entropy a value under a secret-sounding name must reach (in bits per character), and its
  /// minimum length: below them it is a word, a flag or a mode (`required`, `AWS_IAM`), not a credential.
  static let minimumEntropy = 3.0
  static let minimumLength = 8

  /// Words that say a value is a placeholder, not a credential.
  static let placeholders: Set<String> = [
    "changeme", "change-me", "change_me", "changeit", "replace_me", "replace-me", "replaceme", "todo", "tbd",
    "fixme", "placeholder", "example", "dummy", "redacted", "secret", "password", "passw0rd", "none", "null",
    "nil", "undefined", "xxx", "xxxx", "xxxxxxxx", "********", "*****", "your-password", "your_password",
    "yourpassword", "your-secret", "your-token", "mysecret", "mypassword", "set-me", "setme",
  ]

  /// Whether a text is a placeholder or a reference rather than a literal credential.
  public static func isPlaceholder(_ text: String) -> Bool {
    let trimmed = text.trimmingWhitespace
    if trimmed.isEmpty { return true }
    let lower = trimmed.lowercased()
    if placeholders.contains(lower) { return true }
    // Templating and references: ${var}, {{resolve:…}}, $(VAR), <password>, %(x)s, arn:…
    if trimmed.contains("${") || trimmed.contains("{{") || trimmed.contains("$(") { return true }
    if trimmed.hasPrefix("<"), trimmed.hasSuffix(">") { return true }
    if lower.hasPrefix("arn:") || lower.hasPrefix("projects/") || lower.hasPrefix("vault:") { return true }
    // A run of one character (`xxxxxxxxxx`, `**********`).
    if Set(lower).count == 1 { return true }
    for marker in ["replace", "changeme", "change_me", "change-me", "example", "placeholder", "dummy"]
    where lower.contains(marker) {
      return true
    }
    return false
  }

  /// Whether a literal text is a credential; `name` is the key (or the environment variable's name) it
  /// is written under, when there is one.
  public func isSecretLiteral(_ text: String, name: String?) -> Bool {
    // The cheap tests first: most values are neither under a secret name nor credential-shaped, and the
    // placeholder test (lower-casing, several searches) then never runs.
    let secretName = name.map(SecretDetector.isSecretName) ?? false
    guard secretName || detector.looksSecret(text) else { return false }
    if Self.isPlaceholder(text) { return false }
    if detector.looksSecret(text) { return true }
    return secretName && Self.looksLikeCredential(text)
  }

  /// Long and varied enough to be a password, and one token (not a sentence).
  static func looksLikeCredential(_ text: String) -> Bool {
    let trimmed = text.trimmingWhitespace
    guard trimmed.utf8.count >= minimumLength, trimmed.utf8.count <= 4096 else { return false }
    if trimmed.contains(where: { $0 == "\n" }) { return false }
    // A sentence (a description) is not a password: more than three words.
    if trimmed.split(separator: " ").count > 3 { return false }
    return entropy(trimmed) >= minimumEntropy
  }

  /// Shannon entropy in bits per character.
  static func entropy(_ text: String) -> Double {
    var counts: [Character: Int] = [:]
    for character in text { counts[character, default: 0] += 1 }
    let total = Double(text.count)
    guard total > 0 else { return 0 }
    return counts.values.reduce(0.0) { sum, count in
      let p = Double(count) / total
      return sum - p * binaryLogarithm(p)
    }
  }

  /// log2 of a positive number, without Foundation: exponent plus the series of the significand's logarithm.
  static func binaryLogarithm(_ x: Double) -> Double {
    guard x > 0 else { return 0 }
    let significand = x.significand  // in [1, 2)
    let y = (significand - 1) / (significand + 1)
    var term = y
    var sum = 0.0
    var n = 1.0
    while abs(term) > 1e-15 {
      sum += term / n
      term *= y * y
      n += 2
    }
    return Double(x.exponent) + 2 * sum / 0.6931471805599453
  }

  /// The literal secrets inside a value: every string leaf that is a credential, with the name it is
  /// written under (a map key, or an environment item's `name` for its `value`).
  public func scan(_ value: Value, at base: ValuePath = .root, name: String? = nil) -> [Hit] {
    switch value.kind {
    case .string(let text):
      return isSecretLiteral(text, name: name) ? [Hit(path: base, text: text)] : []
    case .list(let items):
      var hits: [Hit] = []
      for (index, item) in items.enumerated() {
        // Items with a name (containers, env) are addressed by it, as the differ does.
        let segment: ValuePath.Segment =
          if let itemName = item["name"]?.string, item.map != nil {
            .item([ValuePath.KeyField(name: "name", value: itemName)])
          } else { .index(index) }
        hits += scan(item, at: base.appending(segment), name: name)
      }
      return hits
    case .map(let map):
      // `{name: DB_PASSWORD, value: …}`: the value is under the item's name.
      let itemName = map["name"]?.string
      var hits: [Hit] = []
      for entry in map.entries {
        let entryName = entry.key == "value" && itemName != nil ? itemName : entry.key
        hits += scan(entry.value, at: base.appending(key: entry.key), name: entryName)
      }
      return hits
    default:
      return []
    }
  }

  /// The literal secrets of a Kubernetes object from IaC: its strings as ``scan(_:at:name:)`` finds them
  /// and, for a Secret, every `data` value (decoded) and `stringData` value that is not a placeholder and
  /// is a credential or sits under a secret-sounding or key-holding name.
  public func scanKubernetes(_ object: Value) -> [Hit] {
    let kind = object["kind"]?.string ?? ""
    guard SecretDetector.isSecretKind(kind) else {
      // Metadata (names, labels, annotations other than values) is not scanned for names, only for shapes.
      return scan(object)
    }
    var hits: [Hit] = []
    for field in ["data", "stringData"] {
      guard let map = object[field]?.map else { continue }
      for entry in map.entries {
        guard let raw = entry.value.scalarText else { continue }
        let text = field == "data" ? (Base64.decode(raw).map { String(decoding: $0, as: UTF8.self) } ?? raw) : raw
        if Self.isPlaceholder(text) { continue }
        let keyHolding = ["tls.key", "ssh-privatekey", ".dockerconfigjson", ".dockercfg"].contains(entry.key)
        if keyHolding || isSecretLiteral(text, name: entry.key) {
          hits.append(Hit(path: ValuePath([.key(field), .key(entry.key)]), text: raw))
        }
      }
    }
    return hits
  }

  /// What to do with the secret instead, per ecosystem.
  public static func advice(for ecosystem: Ecosystem) -> String {
    switch ecosystem {
    case .kubernetes:
      "a Kubernetes Secret managed outside git (External Secrets, Sealed Secrets) referenced with secretKeyRef"
    case .terraform:
      "a Terraform variable declared sensitive = true and fed from a secret store (TF_VAR_…)"
    case .cloudformation:
      "a CloudFormation dynamic reference {{resolve:secretsmanager:…}} (or a NoEcho parameter without a Default)"
    }
  }

  /// The `secret-in-iac` finding for a hit; the value is redacted and never part of any text.
  public static func finding(
    resource: ResourceAddress, path: ValuePath, text: String, source: Provenance?, redactor: Redactor,
    captureLabel: String?
  ) -> Finding {
    Finding(
      id: Finding.makeID(kind: .secretInIaC, resource: resource, path: path), kind: .secretInIaC,
      resource: resource, path: path, change: .changed, iac: .string(redactor.marker(for: text)), live: nil,
      source: source, severity: .critical, security: nil, action: .review,
      backport: .init(
        possible: false,
        reason: "move it out of the source: \(advice(for: resource.ecosystem)); then rotate it, git history keeps it"
      ),
      firstSeen: captureLabel, involvesSecret: true)
  }
}

extension String {
  fileprivate var trimmingWhitespace: String {
    var slice = Substring(self)
    while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
    while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
    return String(slice)
  }
}
