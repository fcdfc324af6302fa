public import DriftbackSyntax

/// The parameter values a stack is deployed with, read from a file in one of the forms the AWS CLI takes:
///
/// - `create-stack --parameters file://…`: `[{"ParameterKey": "K", "ParameterValue": "V"}, …]`, also as the
///   `Parameters` list of a `--cli-input-json` file. An entry with `"UsePreviousValue": true` keeps the
///   stack's current value, which is unknown here: it is listed in ``previousValueNames``, not in ``entries``.
/// - `deploy --parameter-overrides file://…`: `["K=V", …]`, or `{"Parameters": {"K": "V"}}` (a CodePipeline
///   template configuration file; its other keys are ignored).
/// - `deploy --parameter-overrides K=V K2=V2` as text: `K=V` words separated by spaces or line breaks,
///   optionally quoted as a shell quotes them (`K="a b"`, `'K=a b'`); `#` starts a comment line.
public struct CloudFormationParameterFile: Sendable {
  /// One parameter value.
  public struct Entry: Sendable, Hashable {
    /// How the value is written, which decides what ``span`` covers and how a new value is spelled.
    public enum Style: Sendable, Hashable {
      /// A JSON value of its own (`"ParameterValue": "V"`, `{"Parameters": {"K": "V"}}`): ``span`` covers the
      /// value token as written, a string's quotes included (or a number or boolean token).
      case jsonValue
      /// The part after `=` in a JSON string `"K=V"`: ``span`` covers that part as written (JSON escapes
      /// kept), without the closing quote.
      case jsonStringContent
      /// The part after `=` in a text word `K=V`: ``span`` covers it as written up to the end of the word,
      /// quotes included (`"a b"`, `'x'`, `plain`).
      case textWord
      /// The part after `=` in a text word whose quote opens before the name (`"K=V"`, `'K=V'`) and which
      /// ends with the same kind of quote, `quote` (`"` or `'`): ``span`` covers the text between `=` and that
      /// final quote as written (escapes kept).
      case textQuotedContent(quote: Character)
    }

    /// The parameter name.
    public var name: String
    /// The value as the CLI passes it to CloudFormation.
    public var value: String
    /// The bytes to replace to change the value; what they cover depends on ``style``.
    public var span: ByteSpan
    /// The bytes of the parameter name as written (for diagnostics).
    public var keySpan: ByteSpan
    /// How the value is written.
    public var style: Style

    /// Creates an entry.
    public init(name: String, value: String, span: ByteSpan, keySpan: ByteSpan, style: Style) {
      self.name = name
      self.value = value
      self.span = span
      self.keySpan = keySpan
      self.style = style
    }

    /// The text to write over ``span`` so that the entry's value becomes `newValue`, in the entry's style.
    public func replacementText(for newValue: String) -> String {
      switch style {
      case .jsonValue:
        return JSONText.quoted(newValue)
      case .jsonStringContent:
        return String(JSONText.quoted(newValue).dropFirst().dropLast())
      case .textWord:
        return Self.shellWord(newValue)
      case .textQuotedContent(let quote):
        if quote == "'" { return newValue.replacing("'", with: "'\\''") }
        return Self.escapedForDoubleQuotes(newValue)
      }
    }

    /// A shell word for `text`: bare when it needs no quoting, else single-quoted, else double-quoted.
    static func shellWord(_ text: String) -> String {
      let safe =
        !text.isEmpty
        && text.utf8.allSatisfy { byte in
          (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte >= 0x80
            || "_-./:,@%+=^".utf8.contains(byte)
        }
      if safe { return text }
      if !text.contains("'") { return "'" + text + "'" }
      return "\"" + escapedForDoubleQuotes(text) + "\""
    }

    static func escapedForDoubleQuotes(_ text: String) -> String {
      var out = ""
      for character in text {
        if "\"\\$`".contains(character) { out.append("\\") }
        out.append(character)
      }
      return out
    }
  }

  /// The file the values were read from.
  public var file: SourceFile
  /// The values in file order; names are unique.
  public var entries: [Entry]
  /// Parameters whose entry says `"UsePreviousValue": true`: the stack keeps its current value, which is
  /// unknown (neither the file nor the template's `Default` gives it).
  public var previousValueNames: [String]
  /// Warnings and notes found while reading (entries skipped, unexpected keys).
  public var diagnostics: [Diagnostic]

  /// Creates a parameters file from entries.
  public init(
    file: SourceFile, entries: [Entry], previousValueNames: [String] = [], diagnostics: [Diagnostic] = []
  ) {
    self.file = file
    self.entries = entries
    self.previousValueNames = previousValueNames
    self.diagnostics = diagnostics
  }

  /// The entry for a parameter name.
  public subscript(name: String) -> Entry? {
    entries.first { $0.name == name }
  }

  /// The text to write over `entry.span` so that the entry's value becomes `value`
  /// (``Entry/replacementText(for:)``).
  public func replacement(for entry: Entry, value: String) -> String {
    entry.replacementText(for: value)
  }

  /// Reads a parameters file; JSON when its first non-blank byte is `[` or `{`, text otherwise.
  /// - Throws: a ``Diagnostic`` pointing at the problem for a malformed file or a parameter given twice.
  public static func load(_ file: SourceFile) throws -> CloudFormationParameterFile {
    var reader = CloudFormationParameterFileReader(file: file)
    let first = file.bytes.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
    if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") || first == 0xEF {
      try reader.readJSON()
    } else {
      try reader.readText()
    }
    return CloudFormationParameterFile(
      file: file, entries: reader.entries, previousValueNames: reader.previousValueNames,
      diagnostics: reader.diagnostics)
  }
}

// MARK: - Reader

/// Collects the entries of one parameters file.
struct CloudFormationParameterFileReader {
  let file: SourceFile
  var entries: [CloudFormationParameterFile.Entry] = []
  var previousValueNames: [String] = []
  var diagnostics: [Diagnostic] = []
  private var seen: Set<String> = []

  init(file: SourceFile) {
    self.file = file
  }

  func error(_ message: String, at offset: Int) -> Diagnostic {
    Diagnostic(.error, message, in: file, at: offset)
  }

  /// Records a name, refusing a second value for it.
  mutating func claim(_ name: String, keySpan: ByteSpan) throws {
    guard !name.isEmpty else { throw error("empty parameter name", at: keySpan.start) }
    guard seen.insert(name).inserted else {
      throw error("parameter '\(name)' is given more than once", at: keySpan.start)
    }
  }

  mutating func add(_ entry: CloudFormationParameterFile.Entry) throws {
    try claim(entry.name, keySpan: entry.keySpan)
    entries.append(entry)
  }

  // MARK: JSON

  mutating func readJSON() throws {
    guard let root = try JSONParser().parse(file).root else {
      throw error("empty parameters file", at: 0)
    }
    switch root.content {
    case .sequence(let items, _):
      try readList(items)
    case .mapping(let members, _):
      guard let parameters = members.first(where: { $0.key.scalarValue == "Parameters" })?.value else {
        throw error(
          "expected a list of parameters or an object with \"Parameters\" (found keys: "
            + members.compactMap(\.key.scalarValue).map { "'\($0)'" }.joined(separator: ", ") + ")",
          at: root.span.start)
      }
      switch parameters.content {
      case .mapping(let pairs, _):
        for pair in pairs {
          let name = pair.key.scalarValue ?? ""
          let value = try scalarText(pair.value, what: "the value of parameter '\(name)'")
          try add(.init(name: name, value: value, span: pair.value.span, keySpan: pair.key.span, style: .jsonValue))
        }
      case .sequence(let items, _):
        try readList(items)
      case .scalar:
        throw error("\"Parameters\" must be an object or a list", at: parameters.span.start)
      }
    case .scalar:
      throw error("expected a list of parameters or an object with \"Parameters\"", at: root.span.start)
    }
  }

  /// The items of a `create-stack` list or of a `deploy` list of `"K=V"` strings.
  private mutating func readList(_ items: [SyntaxNode]) throws {
    for item in items {
      switch item.content {
      case .scalar(let text, .doubleQuoted):
        try readKeyValueString(text, span: item.span)
      case .mapping(let members, _):
        try readStructure(members, span: item.span)
      default:
        throw error(
          "expected {\"ParameterKey\": …, \"ParameterValue\": …} or a \"Key=Value\" string", at: item.span.start)
      }
    }
  }

  /// `{"ParameterKey": "K", "ParameterValue": "V", "UsePreviousValue": false}`.
  private mutating func readStructure(_ members: [SyntaxNode.Entry], span: ByteSpan) throws {
    var key: SyntaxNode?
    var value: SyntaxNode?
    var usePrevious: SyntaxNode?
    for member in members {
      switch member.key.scalarValue {
      case "ParameterKey": key = member.value
      case "ParameterValue": value = member.value
      case "UsePreviousValue": usePrevious = member.value
      case "ResolvedValue": break
      default:
        diagnostics.append(
          Diagnostic(
            .warning, "unknown key '\(member.key.scalarValue ?? "")' in a parameter entry is ignored", in: file,
            at: member.key.span.start))
      }
    }
    guard let key else { throw error("parameter entry without \"ParameterKey\"", at: span.start) }
    guard case .scalar(let name, .doubleQuoted) = key.content else {
      throw error("\"ParameterKey\" must be a string", at: key.span.start)
    }
    if let usePrevious {
      guard case .scalar(let flag, .plain) = usePrevious.content, flag == "true" || flag == "false" else {
        throw error("\"UsePreviousValue\" must be true or false", at: usePrevious.span.start)
      }
      if flag == "true" {
        try claim(name, keySpan: key.span)
        previousValueNames.append(name)
        diagnostics.append(
          Diagnostic(
            .note, "parameter '\(name)' uses the stack's previous value, which is unknown here", in: file,
            at: key.span.start))
        return
      }
    }
    guard let value else {
      throw error("parameter '\(name)' has no \"ParameterValue\" and does not use its previous value", at: span.start)
    }
    let text = try scalarText(value, what: "\"ParameterValue\"")
    try add(.init(name: name, value: text, span: value.span, keySpan: key.span, style: .jsonValue))
  }

  /// A string, number or boolean; the CLI passes all of them as text.
  private func scalarText(_ node: SyntaxNode, what: String) throws -> String {
    guard case .scalar(let text, let style) = node.content, style == .doubleQuoted || text != "null" else {
      throw error("\(what) must be a string", at: node.span.start)
    }
    return text
  }

  /// `"K=V"`: the value's span is found in the raw bytes of the string literal.
  private mutating func readKeyValueString(_ text: String, span: ByteSpan) throws {
    guard let equals = text.firstIndex(of: "=") else {
      throw error("expected \"Key=Value\"", at: span.start)
    }
    let name = String(text[..<equals])
    let value = String(text[text.index(after: equals)...])
    // The first '=' byte of the literal, skipping escapes; it is the decoded '=' unless the key escapes one.
    var offset = span.start + 1
    let end = span.end - 1
    while offset < end, file.bytes[offset] != UInt8(ascii: "=") {
      offset += file.bytes[offset] == UInt8(ascii: "\\") ? 2 : 1
    }
    guard offset < end, JSONText.unquote("\"" + file.text(ByteSpan(start: span.start + 1, end: offset)) + "\"") == name
    else {
      throw error("the '=' after the parameter name must not be escaped", at: span.start)
    }
    try add(
      .init(
        name: name, value: value, span: ByteSpan(start: offset + 1, end: end),
        keySpan: ByteSpan(start: span.start + 1, end: offset), style: .jsonStringContent))
  }
}
