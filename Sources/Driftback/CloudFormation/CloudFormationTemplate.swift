public import DriftbackSyntax

/// A CloudFormation template read from YAML or JSON into one ``Value`` tree.
///
/// YAML short forms are expanded to the long forms a JSON template spells (`!Ref x` → `{"Ref": x}`,
/// `!GetAtt a.b.c` → `{"Fn::GetAtt": ["a", "b.c"]}`, `!Sub s` → `{"Fn::Sub": s}`), and YAML scalars resolve by
/// the YAML 1.2 core schema, as CloudFormation reads them: `Yes`, `No`, `On` and `2012-10-17` stay strings.
/// A YAML template and the JSON template it was converted to therefore load to equal values.
///
/// Loading refuses, with a located ``Diagnostic``, anything CloudFormation would refuse before looking at a
/// resource: syntax errors, duplicate keys, tags that name no function, keys that are not strings, an empty
/// file, a document without a `Resources` mapping, and resources without a `Type`.
public struct CloudFormationTemplate: Sendable {
  /// The syntax a template is written in.
  public enum Format: String, Sendable {
    case yaml, json
  }

  /// The file the template was read from.
  public var file: SourceFile
  /// The syntax of the file.
  public var format: Format
  /// The whole document as a Value: short forms expanded to long forms ({"Ref": x}, {"Fn::GetAtt": [a, "b.c"]},
  /// {"Fn::Sub": …}, {"Condition": x}); YAML 1.2 core scalars; spans kept. The map made for a short form has the
  /// span of the whole tagged node (tag included); its single entry has keySpan nil, and its argument the span
  /// of the node without the tag.
  public var root: Value

  /// The top-level sections CloudFormation knows.
  public static let sectionNames: [String] = [
    "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions",
    "Transform", "Resources", "Outputs",
  ]

  /// Creates a template from a value that is already a template (no checks).
  public init(file: SourceFile, format: Format, root: Value) {
    self.file = file
    self.format = format
    self.root = root
  }

  /// `Parameters`, or an empty map.
  public var parameters: ValueMap { section("Parameters") }

  /// Whether a parameter declaration says `NoEcho`: anything but an explicit false counts (`true`, `"True"`,
  /// a mistyped flag), so that a doubtful declaration never exposes the value.
  public static func isNoEcho(_ declaration: Value?) -> Bool {
    guard let flag = declaration?["NoEcho"] else { return false }
    return flag.bool != false && flag.string?.lowercased() != "false"
  }
  /// `Mappings`, or an empty map.
  public var mappings: ValueMap { section("Mappings") }
  /// `Conditions`, or an empty map.
  public var conditions: ValueMap { section("Conditions") }
  /// `Outputs`, or an empty map.
  public var outputs: ValueMap { section("Outputs") }
  /// `Resources`: logical id → resource map (`Type`, `Properties`, `Condition`, …). Under
  /// `AWS::LanguageExtensions` an entry may also be an `Fn::ForEach::Name` loop, whose value is a list.
  public var resources: ValueMap { section("Resources") }

  private func section(_ name: String) -> ValueMap {
    root[name]?.map ?? ValueMap()
  }

  // MARK: - Loading

  /// Reads a template. The format follows the file name (`.json`, `.yaml`, `.yml`); any other name is read as
  /// JSON when its first character is `{` and as YAML otherwise.
  /// - Parameters:
  ///   - file: the template text.
  ///   - limits: the largest file, deepest nesting and alias expansion accepted.
  /// - Returns: the template.
  /// - Throws: a ``Diagnostic`` located in the file (`file:line:col: error: message`).
  public static func load(_ file: SourceFile, limits: ParseLimits = .default) throws -> CloudFormationTemplate {
    let format = detectFormat(file)
    let content = file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? file.bytes.dropFirst(3) : file.bytes[...]
    guard content.contains(where: { !isWhitespace($0) }) else {
      throw Diagnostic(.error, "empty template", in: file, at: 0)
    }
    let converter = Converter(file: file)
    let root: Value
    switch format {
    case .json:
      guard let node = try JSONParser(limits: limits).parse(file).root else {
        throw Diagnostic(.error, "empty template", in: file, at: 0)
      }
      root = try converter.value(node)
    case .yaml:
      let documents = try YAMLParser(limits: limits).parse(file).filter { document in
        guard let root = document.root else { return false }
        return !(root.isNullScalar && root.aliasSpan == nil)
      }
      guard let first = documents.first?.root else { throw Diagnostic(.error, "empty template", in: file, at: 0) }
      if documents.count > 1 {
        throw Diagnostic(
          .error, "a template is a single YAML document; this file holds another one here", in: file,
          at: documents[1].span.start)
      }
      root = try converter.value(first)
    }
    try validate(root, file: file)
    return CloudFormationTemplate(file: file, format: format, root: root)
  }

  /// JSON for `.json` and for unnamed text that starts with `{`; YAML otherwise.
  static func detectFormat(_ file: SourceFile) -> Format {
    let path = file.path.lowercased()
    if path.hasSuffix(".json") { return .json }
    if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { return .yaml }
    var bytes = file.bytes[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    return bytes.first(where: { !isWhitespace($0) }) == UInt8(ascii: "{") ? .json : .yaml
  }

  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }
}

// MARK: - Structure

extension CloudFormationTemplate {
  /// Sections whose value must be a mapping when present and not null.
  private static let mappingSections = ["Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Outputs"]

  /// The checks CloudFormation makes before it reads a resource.
  private static func validate(_ root: Value, file: SourceFile) throws {
    func error(_ message: String, at span: ByteSpan?) -> Diagnostic {
      Diagnostic(.error, message, in: file, at: span?.start ?? 0)
    }
    guard let top = root.map else {
      throw error(
        "not a CloudFormation template: the document is \(describe(root)), not a mapping of sections", at: root.span)
    }
    guard let resourcesEntry = top.entry("Resources") else {
      let unknown = top.entries.filter { !sectionNames.contains($0.key) }
      var message = "not a CloudFormation template: no Resources section"
      if let first = unknown.first {
        let names = unknown.prefix(5).map(\.key).joined(separator: ", ") + (unknown.count > 5 ? ", …" : "")
        message += " (unknown top-level key\(unknown.count > 1 ? "s" : "") \(names))"
        throw error(message, at: first.keySpan ?? first.value.span)
      }
      throw error(message, at: root.span)
    }
    for name in mappingSections {
      guard let entry = top.entry(name), !entry.value.isNull, entry.value.map == nil else { continue }
      throw error("\(name) must be a mapping, not \(describe(entry.value))", at: entry.value.span ?? entry.keySpan)
    }
    guard let resources = resourcesEntry.value.map else {
      throw error(
        "Resources must be a mapping of logical ids to resources, not \(describe(resourcesEntry.value))",
        at: resourcesEntry.value.span ?? resourcesEntry.keySpan)
    }
    for entry in resources.entries where !entry.key.hasPrefix("Fn::ForEach::") {
      guard let resource = entry.value.map else {
        throw error(
          "resource \(entry.key) must be a mapping with a Type, not \(describe(entry.value))",
          at: entry.value.span ?? entry.keySpan)
      }
      guard let type = resource.entry("Type") else {
        throw error("resource \(entry.key) has no Type", at: entry.keySpan ?? entry.value.span)
      }
      guard let text = type.value.string, !text.isEmpty else {
        throw error(
          "resource \(entry.key): Type must be a resource type name such as AWS::S3::Bucket, not \(describe(type.value))",
          at: type.value.span ?? type.keySpan)
      }
    }
  }

  /// A short description of what a value is, for messages.
  private static func describe(_ value: Value) -> String {
    switch value.kind {
    case .null: return "empty"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string(let text): return text.isEmpty ? "an empty string" : "a string"
    case .list: return "a list"
    case .map(let map):
      if let call = CloudFormationIntrinsic.call(in: value) { return "an intrinsic function (\(call.key))" }
      return map.isEmpty ? "an empty mapping" : "a mapping"
    }
  }
}

// MARK: - Conversion

/// Turns syntax nodes into values: short forms expanded, keys checked, YAML 1.2 core scalars, plain `<<`
/// merge keys applied (as aws-cli's and rain's YAML readers do), values copied through an alias without spans.
/// Recursion depth is bounded by the parser's ``ParseLimits/maxDepth``.
private struct Converter {
  let file: SourceFile

  func error(_ message: String, at offset: Int) -> Diagnostic {
    Diagnostic(.error, message, in: file, at: offset)
  }

  func value(_ node: SyntaxNode) throws -> Value {
    var result: Value
    if let tag = node.tag, !Self.isStandard(tag) {
      guard let key = CloudFormationIntrinsic.longFormKey(forTag: tag) else {
        throw error(
          "unknown tag \(tag): CloudFormation short forms are !Ref, !Sub, !GetAtt, !If, !Join and the other "
            + "intrinsic functions", at: node.span.start)
      }
      var argument = try untagged(node, tag: nil)
      argument.span = argumentSpan(of: node)
      if key == "Fn::GetAtt" { argument = try getAttArgument(argument, node: node) }
      result = Value(.map(ValueMap([ValueMap.Entry(key: key, keySpan: nil, value: argument)])), span: node.span)
    } else {
      result = try untagged(node, tag: node.tag)
    }
    return node.aliasSpan == nil ? result : result.withoutSpans
  }

  /// The node's content as a value, with `tag` a standard YAML tag or nil.
  func untagged(_ node: SyntaxNode, tag: String?) throws -> Value {
    switch node.content {
    case .scalar(let text, let style):
      return Value(Value.resolve(text, style: style, tag: tag, schema: .core), span: node.span)
    case .sequence(let items, _):
      var values: [Value] = []
      values.reserveCapacity(items.count)
      for item in items { values.append(try value(item)) }
      return Value(.list(values), span: node.span)
    case .mapping(let entries, _):
      var map = ValueMap()
      map.entries.reserveCapacity(entries.count)
      var merges: [(value: Value, offset: Int)] = []
      for entry in entries {
        let key = try keyText(entry.key)
        let value = try value(entry.value)
        if key == "<<", entry.key.scalarStyle == .plain, entry.key.tag == nil {
          merges.append((value, entry.value.span.start))
        } else {
          map.entries.append(ValueMap.Entry(key: key, keySpan: entry.key.span, value: value))
        }
      }
      if !merges.isEmpty { try merge(merges, into: &map) }
      return Value(.map(map), span: node.span)
    }
  }

  /// A mapping key's text: a scalar without a CloudFormation tag.
  func keyText(_ key: SyntaxNode) throws -> String {
    if let tag = key.tag, !Self.isStandard(tag) {
      guard CloudFormationIntrinsic.longFormKey(forTag: tag) != nil else {
        throw error("unknown tag \(tag) on a mapping key", at: key.span.start)
      }
      let argument = key.scalarValue.map { " " + JSONText.quoted($0) } ?? ""
      throw error("mapping key is an intrinsic function (\(tag)\(argument)), not a string", at: key.span.start)
    }
    switch key.content {
    case .scalar(let text, _): return text
    case .mapping: throw error("mapping key is a mapping, not a string", at: key.span.start)
    case .sequence: throw error("mapping key is a list, not a string", at: key.span.start)
    }
  }

  /// `!GetAtt Res.Attr.Sub` → `[Res, "Attr.Sub"]`; a list (or any other collection) is kept.
  func getAttArgument(_ argument: Value, node: SyntaxNode) throws -> Value {
    guard case .scalar(let text, let style) = node.content else { return argument }
    guard let dot = text.firstIndex(of: "."), dot != text.startIndex, text.index(after: dot) != text.endIndex
    else {
      let shown = text.isEmpty ? "nothing" : JSONText.quoted(text)
      throw error(
        "!GetAtt needs LogicalId.AttributeName (or a list [LogicalId, AttributeName]), found \(shown)",
        at: node.span.start)
    }
    let resource = String(text[..<dot])
    let attribute = String(text[text.index(after: dot)...])
    var resourceSpan: ByteSpan?
    var attributeSpan: ByteSpan?
    // Plain text is the source bytes themselves, so each part has its own span.
    if style == .plain, let span = argument.span, span.count == text.utf8.count {
      let split = span.start + resource.utf8.count
      resourceSpan = ByteSpan(start: span.start, end: split)
      attributeSpan = ByteSpan(start: split + 1, end: span.end)
    }
    return Value(
      .list([Value(.string(resource), span: resourceSpan), Value(.string(attribute), span: attributeSpan)]),
      span: argument.span)
  }

  /// The bytes of a tagged node without its tag and anchor (and the blanks or comment after them); `nil`
  /// when nothing is left (an empty scalar).
  func argumentSpan(of node: SyntaxNode) -> ByteSpan? {
    let bytes = file.bytes
    let end = min(node.span.end, bytes.count)
    var index = node.span.start
    while index < end {
      switch bytes[index] {
      case UInt8(ascii: "!") where index + 1 < end && bytes[index + 1] == UInt8(ascii: "<"):
        while index < end && bytes[index] != UInt8(ascii: ">") { index += 1 }
        index += 1
      case UInt8(ascii: "!"), UInt8(ascii: "&"):
        while index < end && !CloudFormationTemplate.isWhitespace(bytes[index]) { index += 1 }
      case UInt8(ascii: "#"):
        while index < end && bytes[index] != 0x0A { index += 1 }
      case 0x20, 0x09, 0x0A, 0x0D:
        index += 1
      default:
        return ByteSpan(start: index, end: end)
      }
    }
    return nil
  }

  /// YAML merge keys: the entries of each merged mapping that the mapping does not set itself.
  func merge(_ merges: [(value: Value, offset: Int)], into map: inout ValueMap) throws {
    var sources: [ValueMap] = []
    for merge in merges {
      switch merge.value.kind {
      case .map(let source): sources.append(source)
      case .list(let items) where items.allSatisfy({ $0.map != nil }): sources += items.compactMap(\.map)
      default: throw error("a merge key '<<' needs a mapping or a list of mappings", at: merge.offset)
      }
    }
    var keys = Set(map.entries.map(\.key))
    for source in sources {
      for entry in source.entries where keys.insert(entry.key).inserted {
        map.entries.append(ValueMap.Entry(key: entry.key, value: entry.value.withoutSpans))
      }
    }
  }

  /// `!!str`, `!!int`, … and the non-specific `!`: resolved as YAML does.
  static func isStandard(_ tag: String) -> Bool {
    tag == "!" || tag.hasPrefix("tag:yaml.org,2002:")
  }
}
