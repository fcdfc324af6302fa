/// Replaces secret values with a marker that never reveals them: `<redacted:HASH8>`, where `HASH8` is the
/// first 8 hex digits of HMAC-SHA256 under a per-run key (so equal secrets show equal tags within a run,
/// and short secrets cannot be brute-forced from a plain hash). The length is not shown: it leaks.
public struct Redactor: Sendable {
  private let key: [UInt8]
  private let detector = SecretDetector()

  /// How every marker starts.
  public static let markerPrefix = "<redacted:"

  /// Creates a redactor with a key (random per run in the CLI; fixed in tests for golden files).
  public init(key: [UInt8]) {
    self.key = key
  }

  /// The marker for a secret text.
  public func marker(for text: String) -> String {
    let tag = SHA256.hex(SHA256.hmac(key: key, message: Array(text.utf8))).prefix(8)
    return "\(Self.markerPrefix)\(tag)>"
  }

  /// A value with every scalar replaced by its marker (for values that are secret as a whole).
  public func redactAll(_ value: Value) -> Value {
    switch value.kind {
    case .null: return value
    case .list(let items): return Value(.list(items.map(redactAll)))
    case .map(let map):
      return Value(.map(ValueMap(map.entries.map { ValueMap.Entry(key: $0.key, value: redactAll($0.value)) })))
    default: return .string(marker(for: value.scalarText ?? ""))
    }
  }

  /// A value with secret-looking strings and secret-named environment values replaced by markers.
  public func redactDetected(_ value: Value) -> Value {
    switch value.kind {
    case .string(let text): return detector.looksSecret(text) ? .string(marker(for: text)) : Value(value.kind)
    case .list(let items): return Value(.list(items.map(redactDetected)))
    case .map(let map):
      let secretEnv = map["name"]?.string.map(SecretDetector.isSecretName) ?? false
      return Value(
        .map(
          ValueMap(
            map.entries.map { entry in
              if secretEnv, entry.key == "value", let text = entry.value.scalarText {
                return ValueMap.Entry(key: entry.key, value: .string(marker(for: text)))
              }
              // A secret-named key holds its secret whatever the value looks like.
              if SecretDetector.isSecretName(entry.key), entry.value.isScalar, !entry.value.isNull {
                return ValueMap.Entry(key: entry.key, value: redactAll(entry.value))
              }
              return ValueMap.Entry(key: entry.key, value: redactDetected(entry.value))
            })))
    default: return Value(value.kind)
    }
  }

  /// Redacts secret-looking substrings of free text (used on source lines quoted in error messages, and
  /// on the messages themselves).
  public func redactText(_ text: String) -> String {
    guard text.utf8.count >= 16 else { return text }
    let joined = redactWords(text)
    // `password: hunter2` and `password = "hunter2"` lines: redact the value after a secret-named key.
    if let separator = joined.firstIndex(where: { $0 == ":" || $0 == "=" }) {
      let key = joined[..<separator].trimmingCharacters(in: " \t-\"'")
      let rest = joined[joined.index(after: separator)...].trimmingCharacters(in: " \t")
      // A value already redacted (a marker, in quotes or not) stays as it is.
      if SecretDetector.isSecretName(key), !rest.isEmpty,
        !rest.trimmingCharacters(in: "\"'").hasPrefix(Self.markerPrefix)
      {
        return String(joined[...separator]) + " " + marker(for: rest)
      }
    }
    return joined
  }

  /// Redacts the words of free text that look like credentials (for messages, which name things such as
  /// `Secret/shop/db` that a key-value rule would take for a secret).
  public func redactWords(_ text: String) -> String {
    guard text.utf8.count >= 16 else { return text }
    var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    var changed = false
    for index in words.indices {
      // A word in quotes or with trailing punctuation ('AKIA…', "ghp_…",) is judged without them.
      let core = words[index].trimmingCharacters(in: Self.wordPunctuation)
      guard detector.looksSecret(core) || detector.looksSecret(words[index]) else { continue }
      words[index] = marker(for: core)
      changed = true
    }
    return changed ? words.joined(separator: " ") : text
  }

  /// What may surround a secret word in free text.
  static let wordPunctuation = " \t\"'`,;()[]{}<>."
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    let characters = Set(set)
    var slice = Substring(self)
    while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
