/// Decides which values are secret: known secret fields (a Secret's `data` and `stringData`, environment
/// variables whose name says password/token/key, the last-applied annotation of a Secret) and values that
/// look like credentials (AWS access keys, private keys, GitHub/GitLab/Slack/Stripe/npm tokens, JWTs,
/// Slack webhooks), after gitleaks' detectors (formats.md §5).
public struct SecretDetector: Sendable {
  /// Creates a detector.
  public init() {}

  static let secretNameWords = [
    "password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "api-key", "credential", "creds",
    "private_key", "privatekey", "access_key", "accesskey", "auth", "passphrase", "dsn", "connection_string",
  ]

  /// Suffixes of names that hold a reference to a secret, not the secret (`secretName`, `tokenPath`).
  static let referenceSuffixes = [
    "_file", "_path", "name", "ref", "path", "file", "key_id", "keyref", "secretref", "_arn", "arn", "selector",
    "mode", "type", "seconds", "enabled", "expiration", "audience",
  ]

  static let secretNameWordBytes = secretNameWords.map { Array($0.utf8) }
  static let referenceSuffixBytes = referenceSuffixes.map { Array($0.utf8) }

  /// Markers that make a text a credential wherever they stand: private keys and the token prefixes of
  /// GitHub, GitLab, Slack, Stripe, npm, Google and SendGrid.
  static let tokenMarkers: [[UInt8]] = [
    "PRIVATE KEY-----", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "xoxe-",
    "xapp-", "sk_live_", "sk_test_", "rk_live_", "npm_", "AIza", "SG.", "hooks.slack.com/services/",
  ].map { Array($0.utf8) }

  /// The prefixes of AWS access key ids.
  static let awsKeyPrefixes: [[UInt8]] = ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"].map { Array($0.utf8) }

  /// Whether a name (environment variable, key) says its value is secret. Called for every key of every
  /// value, so it works on the name's bytes (ASCII case folded: the words are ASCII) without building strings.
  public static func isSecretName(_ name: String) -> Bool {
    var lower = Array(name.utf8)
    for index in lower.indices where lower[index] >= 0x41 && lower[index] <= 0x5A { lower[index] |= 0x20 }
    func contains(_ needle: [UInt8]) -> Bool {
      guard needle.count <= lower.count, let first = needle.first else { return false }
      var start = 0
      while start + needle.count <= lower.count {
        if lower[start] == first && lower[start..<(start + needle.count)].elementsEqual(needle) { return true }
        start += 1
      }
      return false
    }
    guard secretNameWordBytes.contains(where: contains) || hasShortSecretWord(name) else { return false }
    return !referenceSuffixBytes.contains { suffix in
      suffix.count <= lower.count && lower[(lower.count - suffix.count)...].elementsEqual(suffix)
    }
  }

  /// Short words that name a secret only as a whole word (`DB_PASS`, `smtpPass`, `admin.pw`), never inside
  /// another (`bypass`, `compass`, `passive`), lowercased.
  static let shortSecretWordBytes: [[UInt8]] = [Array("pass".utf8), Array("pw".utf8)]

  /// Whether one of the name's words (split at `_`, `-`, `.`, `/`, spaces and lower-to-upper case changes) is a
  /// short secret word. Reads the bytes once; builds no string.
  static func hasShortSecretWord(_ name: String) -> Bool {
    var utf8 = name.utf8.makeIterator()
    var word: [UInt8] = []
    word.reserveCapacity(8)
    var previousIsLower = false
    var tooLong = false
    func isShortSecretWord() -> Bool { !tooLong && shortSecretWordBytes.contains(word) }
    while let byte = utf8.next() {
      let isUpper = byte >= 0x41 && byte <= 0x5A
      let isSeparator = byte == 0x5F || byte == 0x2D || byte == 0x2E || byte == 0x2F || byte == 0x20
      if isSeparator || (isUpper && previousIsLower) {
        if isShortSecretWord() { return true }
        word.removeAll(keepingCapacity: true)
        tooLong = false
      }
      previousIsLower = byte >= 0x61 && byte <= 0x7A
      guard !isSeparator else { continue }
      if word.count < 4 { word.append(isUpper ? byte | 0x20 : byte) } else { tooLong = true }
    }
    return isShortSecretWord()
  }

  /// Whether a kind is a Secret, tolerating the typos of a hand-edited file (a broken `kind: Secret` must
  /// not turn its values into plain text).
  public static func isSecretKind(_ kind: String) -> Bool {
    let lower = kind.lowercased()
    return lower.hasPrefix("secr") && !lower.hasPrefix("secretprovider") && lower != "secretstore"
  }

  /// The fields of a Secret that are not secret.
  static let secretIdentityKeys: Set<String> = ["apiVersion", "kind", "type", "immutable"]

  /// Whether the value at `path` of a Kubernetes object of `kind` is a known secret field.
  public func isSecretPath(_ path: ValuePath, kind: String, in object: Value?) -> Bool {
    let segments = path.segments
    guard let first = segments.first else { return Self.isSecretKind(kind) }
    if Self.isSecretKind(kind) {
      // Everything but the identity of a Secret is secret, whatever key a typo put it under.
      guard case .key(let key) = first else { return true }
      if key == "metadata" {
        guard segments.count >= 2, case .key(let field) = segments[1] else { return false }
        return !["name", "namespace", "labels", "uid", "generateName"].contains(field)
      }
      return !Self.secretIdentityKeys.contains(key)
    }
    // Any key that names a secret (`password: …`, `apiToken: …`), wherever it is.
    for segment in segments {
      if case .key(let key) = segment, Self.isSecretName(key) { return true }
    }
    // env[name=DB_PASSWORD].value or a whole env item with such a name
    for (index, segment) in segments.enumerated() {
      guard case .item(let fields) = segment, index > 0, segments[index - 1] == .key("env") else { continue }
      if fields.contains(where: { $0.name == "name" && Self.isSecretName($0.value) }) {
        let rest = segments.dropFirst(index + 1)
        if rest.isEmpty || rest.first == .key("value") { return true }
      }
    }
    return false
  }

  /// Whether a string looks like a credential.
  public func looksSecret(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count >= 16 else { return false }
    // One pass over the bytes for all the fixed markers (this runs on every string of every IaC file).
    if EcosystemDetector.containsAny(bytes[...], of: Self.tokenMarkers) { return true }
    if EcosystemDetector.containsAny(bytes[...], of: Self.awsKeyPrefixes), containsAWSKey(bytes) { return true }
    if Self.hasURLCredentials(text) { return true }
    // JWT: three base64url parts, the first two starting with "ey".
    if text.hasPrefix("eyJ"), text.split(separator: ".").count == 3 { return true }
    return false
  }

  /// `scheme://user:password@host`: a connection string with a password in it.
  static func hasURLCredentials(_ text: String) -> Bool {
    let utf8 = Array(text.utf8)
    guard
      let colonSlashSlash = (0..<max(0, utf8.count - 2)).first(where: {
        utf8[$0] == 0x3A && utf8[$0 + 1] == 0x2F && utf8[$0 + 2] == 0x2F
      })
    else { return false }
    let rest = String(decoding: utf8[(colonSlashSlash + 3)...], as: UTF8.self)[...]
    guard let at = rest.firstIndex(of: "@") else { return false }
    let userInfo = rest[..<at]
    guard let colon = userInfo.firstIndex(of: ":"), !userInfo.contains("/") else { return false }
    return userInfo.index(after: colon) < userInfo.endIndex
  }

  private func containsAWSKey(_ bytes: [UInt8]) -> Bool {
    // (AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}, not ending in EXAMPLE
    guard bytes.count >= 20 else { return false }
    for start in 0...(bytes.count - 20) {
      let prefix = String(decoding: bytes[start..<(start + 4)], as: UTF8.self)
      guard ["AKIA", "ASIA", "ABIA", "ACCA"].contains(prefix) else { continue }
      let body = bytes[(start + 4)..<(start + 20)]
      if body.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x32 && $0 <= 0x37) }) {
        let tail = String(decoding: bytes[start..<min(bytes.count, start + 27)], as: UTF8.self)
        if !tail.hasSuffix("EXAMPLE") { return true }
      }
    }
    return false
  }

  /// Whether any string inside a value looks like a credential, or sits under a secret-named key.
  public func containsSecret(_ value: Value) -> Bool {
    switch value.kind {
    case .string(let text): return looksSecret(text)
    case .list(let items): return items.contains { containsSecret($0) }
    case .map(let map):
      if let name = map["name"]?.string, Self.isSecretName(name), map["value"]?.string?.isEmpty == false {
        return true
      }
      return map.entries.contains { containsSecret($0.value) }
    default: return false
    }
  }
}
