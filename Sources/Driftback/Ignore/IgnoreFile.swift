public import DriftbackSyntax

/// Reads an ignore file (`.driftbackignore.yaml`, formats.md section 4): a YAML list of rules, or a mapping
/// whose `rules` key holds that list. Each rule is a mapping with `resource` (an ``AddressGlob``), an
/// optional `path` (a ``PathGlob``; absent: the whole resource), a required non-empty `reason`, an optional
/// `owner` and a required `expires` date (`YYYY-MM-DD`).
public enum IgnoreFile {
  /// The keys a rule may have.
  public static let keys: Set<String> = ["resource", "path", "reason", "owner", "expires"]

  /// Reads the rules of a file.
  /// - Parameter file: the ignore file.
  /// - Returns: the rules in file order (an empty file has none).
  /// - Throws: a ``Diagnostic`` (error) at the line of the first malformed rule, or the YAML error.
  public static func load(_ file: SourceFile) throws -> [IgnoreRule] {
    let documents = try YAMLParser().parse(file)
    guard documents.count <= 1 else {
      throw Diagnostic(.error, "an ignore file holds one YAML document", in: file, at: documents[1].span.start)
    }
    guard let root = documents.first?.root, !root.isNullScalar else { return [] }
    var list = root
    if let entries = root.entries {
      for entry in entries where entry.key.scalarValue != "rules" {
        throw Diagnostic(
          .error, "unknown key '\(entry.key.scalarValue ?? "?")' in the ignore file (expected 'rules')", in: file,
          at: entry.key.span.start)
      }
      guard let rules = root["rules"] else {
        throw Diagnostic(.error, "the ignore file has no 'rules' list", in: file, at: root.span.start)
      }
      if rules.isNullScalar { return [] }
      list = rules
    }
    guard let items = list.items else {
      throw Diagnostic(
        .error, "an ignore file is a list of rules (or a mapping with a 'rules' list)", in: file, at: list.span.start)
    }
    return try items.map { try rule($0, in: file) }
  }

  /// Whether a text is a calendar date `YYYY-MM-DD`.
  public static func isDate(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
    let digits = [0, 1, 2, 3, 5, 6, 8, 9]
    guard digits.allSatisfy({ (0x30...0x39).contains(bytes[$0]) }) else { return false }
    func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) } }
    let year = number(0..<4)
    let month = number(5..<7)
    let day = number(8..<10)
    guard (1...12).contains(month), day >= 1 else { return false }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= lengths[month - 1]
  }
}

// MARK: - Rules

extension IgnoreFile {
  fileprivate static func rule(_ node: SyntaxNode, in file: SourceFile) throws -> IgnoreRule {
    let start = node.span.start
    func fail(_ message: String, at offset: Int? = nil) -> Diagnostic {
      Diagnostic(.error, "malformed ignore rule: " + message, in: file, at: offset ?? start)
    }
    guard let entries = node.entries else {
      throw fail("a rule is a mapping with resource, path, reason, owner and expires")
    }
    var values: [String: (text: String, offset: Int)] = [:]
    for entry in entries {
      guard let key = entry.key.scalarValue, keys.contains(key) else {
        let name = entry.key.scalarValue.map { "'\($0)'" } ?? "a non-scalar key"
        throw fail(
          "unknown key \(name) (expected resource, path, reason, owner, expires)", at: entry.key.span.start)
      }
      if entry.value.isNullScalar { continue }
      guard let text = entry.value.scalarValue else {
        throw fail("'\(key)' must be a single value", at: entry.value.span.start)
      }
      values[key] = (text, entry.value.span.start)
    }
    guard let resourceText = values["resource"] else { throw fail("missing 'resource'") }
    let resource: AddressGlob
    do {
      resource = try AddressGlob(resourceText.text)
    } catch {
      throw fail(error.message, at: resourceText.offset)
    }
    var path: PathGlob?
    if let pathText = values["path"] {
      do {
        path = try PathGlob(pathText.text)
      } catch {
        throw fail(error.message, at: pathText.offset)
      }
    }
    guard let reason = values["reason"] else { throw fail("missing 'reason' (say why the drift is accepted)") }
    guard !reason.text.allSatisfy(\.isWhitespace) else { throw fail("empty 'reason'", at: reason.offset) }
    guard let expires = values["expires"] else { throw fail("missing 'expires' (a date, YYYY-MM-DD)") }
    guard isDate(expires.text) else {
      throw fail("'expires' must be a date YYYY-MM-DD, not '\(expires.text)'", at: expires.offset)
    }
    let owner = values["owner"].map(\.text)
    let location = file.location(of: start)
    return IgnoreRule(
      resource: resource, path: path, reason: reason.text, owner: owner, expires: expires.text, location: location,
      sourceLine: file.lineText(location.line - 1))
  }
}
