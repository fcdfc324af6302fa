internal import CYAML

/// Parses YAML streams into lossless ``SyntaxDocument``s over libyaml's event API.
///
/// libyaml marks count characters, not bytes; the parser converts them to UTF-8 byte offsets. Aliases are
/// expanded into copies that remember the alias span, and the number of nodes that expansion may add is
/// limited (``ParseLimits/maxAliasExpansion``), so a "billion laughs" file is an error, not an
/// out-of-memory. Duplicate mapping keys are errors, as they are for `kubectl`.
public struct YAMLParser: Sendable {
  /// The limits applied to every file.
  public var limits: ParseLimits

  /// Creates a parser.
  public init(limits: ParseLimits = .default) {
    self.limits = limits
  }

  /// Parses every document of a file.
  /// - Throws: a ``Diagnostic`` with the file, line and column of the first problem.
  public func parse(_ file: SourceFile) throws -> [SyntaxDocument] {
    try parse(file, onTopLevelItem: nil)
  }

  /// Parses every document of a file; when a document's root is a mapping with an `items` sequence (a
  /// `kind: List`), each item is handed to `onTopLevelItem` as soon as it is complete and is not kept: the
  /// returned root then holds `items` as an empty sequence with the original span.
  /// - Throws: a ``Diagnostic``, or whatever `onTopLevelItem` throws.
  public func parse(
    _ file: SourceFile, onTopLevelItem: ((SyntaxNode) throws -> Void)?
  ) throws -> [SyntaxDocument] {
    if file.bytes.count > limits.maxFileBytes {
      throw Diagnostic(.error, "file is larger than the limit of \(limits.maxFileBytes) bytes", file: file.path)
    }
    return try file.bytes.withUnsafeBufferPointer { buffer in
      var builder = YAMLTreeBuilder(file: file, bytes: buffer, limits: limits, onTopLevelItem: onTopLevelItem)
      return try builder.run()
    }
  }
}

/// Owns a libyaml parser; the C struct stays at one address because libyaml points into itself.
private final class LibYAMLParser {
  let parser: UnsafeMutablePointer<yaml_parser_t>

  init(bytes: UnsafeBufferPointer<UInt8>) {
    parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    yaml_parser_initialize(parser)
    if let base = bytes.baseAddress {
      yaml_parser_set_input_string(parser, base, bytes.count)
    } else {
      // An empty file: libyaml needs some input pointer.
      yaml_parser_set_input_string(parser, "", 0)
    }
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deallocate()
  }
}

/// Converts libyaml character indexes to byte offsets with a cursor; marks arrive almost in order, so the
/// total work stays linear.
private struct CharacterOffsetConverter {
  let bytes: UnsafeBufferPointer<UInt8>
  let isASCII: Bool
  let origin: Int
  var characterIndex = 0
  var byteOffset: Int

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    origin = hasBOM ? 3 : 0
    byteOffset = origin
    var ascii = true
    for byte in bytes where byte >= 0x80 {
      ascii = false
      break
    }
    isASCII = ascii
  }

  mutating func offset(ofCharacter index: Int) -> Int {
    if isASCII { return min(index + origin, bytes.count) }
    while characterIndex < index, byteOffset < bytes.count {
      let lead = bytes[byteOffset]
      let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
      byteOffset = min(byteOffset + width, bytes.count)
      characterIndex += 1
    }
    while characterIndex > index, byteOffset > origin {
      byteOffset -= 1
      while byteOffset > origin, bytes[byteOffset] & 0xC0 == 0x80 { byteOffset -= 1 }
      characterIndex -= 1
    }
    return byteOffset
  }
}

/// Builds nodes from the event stream with an explicit stack (no recursion on input depth).
private struct YAMLTreeBuilder {
  enum Frame {
    case mapping(
      start: Int, tag: String?, anchor: String?, style: SyntaxNode.CollectionStyle,
      entries: [SyntaxNode.Entry], pendingKey: SyntaxNode?, keys: Set<String>?)
    case sequence(
      start: Int, tag: String?, anchor: String?, style: SyntaxNode.CollectionStyle, items: [SyntaxNode],
      streamed: Bool)
  }

  let file: SourceFile
  let bytes: UnsafeBufferPointer<UInt8>
  let limits: ParseLimits
  let onTopLevelItem: ((SyntaxNode) throws -> Void)?
  var converter: CharacterOffsetConverter
  var stack: [Frame] = []
  var anchors: [String: (node: SyntaxNode, size: Int)] = [:]
  var expandedNodes = 0
  var documents: [SyntaxDocument] = []
  var documentRoot: SyntaxNode?
  var documentStart = 0

  init(
    file: SourceFile, bytes: UnsafeBufferPointer<UInt8>, limits: ParseLimits,
    onTopLevelItem: ((SyntaxNode) throws -> Void)?
  ) {
    self.file = file
    self.bytes = bytes
    self.limits = limits
    self.onTopLevelItem = onTopLevelItem
    self.converter = CharacterOffsetConverter(bytes: bytes)
  }

  mutating func run() throws -> [SyntaxDocument] {
    let owner = LibYAMLParser(bytes: bytes)
    let parser = owner.parser
    var event = yaml_event_t()
    while true {
      guard yaml_parser_parse(parser, &event) == 1 else {
        throw libyamlError(parser.pointee)
      }
      defer { yaml_event_delete(&event) }
      let start = converter.offset(ofCharacter: Int(event.start_mark.index))
      let end = converter.offset(ofCharacter: Int(event.end_mark.index))
      switch event.type {
      case YAML_STREAM_END_EVENT:
        withExtendedLifetime(owner) {}
        return documents
      case YAML_DOCUMENT_START_EVENT:
        anchors.removeAll(keepingCapacity: true)
        expandedNodes = 0
        documentRoot = nil
        documentStart = start
      case YAML_DOCUMENT_END_EVENT:
        let span = documentRoot.map { $0.span } ?? ByteSpan(start: documentStart, end: documentStart)
        documents.append(SyntaxDocument(root: documentRoot, index: documents.count, span: span))
        documentRoot = nil
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        let text = Self.string(scalar.value, length: scalar.length)
        let style: SyntaxNode.ScalarStyle =
          switch scalar.style {
          case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
          case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
          case YAML_LITERAL_SCALAR_STYLE: .literal
          case YAML_FOLDED_SCALAR_STYLE: .folded
          default: .plain
          }
        let node = SyntaxNode(
          content: .scalar(text, style), span: ByteSpan(start: start, end: end),
          tag: Self.optionalString(scalar.tag), anchor: Self.optionalString(scalar.anchor))
        try add(node, anchored: node.anchor, size: 1)
      case YAML_ALIAS_EVENT:
        let name = Self.optionalString(event.data.alias.anchor) ?? ""
        guard let target = anchors[name] else {
          throw Diagnostic(.error, "unknown anchor '\(name)' referenced by an alias", in: file, at: start)
        }
        expandedNodes += target.size
        if expandedNodes > limits.maxAliasExpansion {
          throw Diagnostic(
            .error,
            "aliases expand to more than \(limits.maxAliasExpansion) nodes; refusing the document (a \"billion laughs\" guard)",
            in: file, at: start)
        }
        var copy = target.node
        copy.anchor = nil
        copy.aliasSpan = ByteSpan(start: start, end: end)
        try add(copy, anchored: nil, size: target.size)
      case YAML_SEQUENCE_START_EVENT:
        let data = event.data.sequence_start
        try push(
          .sequence(
            start: start, tag: Self.optionalString(data.tag), anchor: Self.optionalString(data.anchor),
            style: data.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block, items: [],
            streamed: isTopLevelItems()),
          at: start)
      case YAML_MAPPING_START_EVENT:
        let data = event.data.mapping_start
        try push(
          .mapping(
            start: start, tag: Self.optionalString(data.tag), anchor: Self.optionalString(data.anchor),
            style: data.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block, entries: [], pendingKey: nil, keys: nil),
          at: start)
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let frame = stack.popLast() else { continue }
        try close(frame, end: end)
      default:
        continue
      }
    }
  }

  /// Whether a sequence starting now is the `items` of a top-level mapping and should be streamed.
  func isTopLevelItems() -> Bool {
    guard onTopLevelItem != nil, stack.count == 1, case .mapping(_, _, _, _, _, let key?, _) = stack[0] else {
      return false
    }
    return key.scalarValue == "items"
  }

  mutating func push(_ frame: Frame, at offset: Int) throws {
    if stack.count >= limits.maxDepth {
      throw Diagnostic(.error, "nesting is deeper than the limit of \(limits.maxDepth) levels", in: file, at: offset)
    }
    stack.append(frame)
  }

  mutating func close(_ frame: Frame, end: Int) throws {
    switch frame {
    case .mapping(let start, let tag, let anchor, let style, let entries, _, _):
      let last = entries.last?.value.span.end ?? end
      let span = ByteSpan(start: start, end: style == .flow ? end : max(start, last))
      let node = SyntaxNode(content: .mapping(entries, style), span: span, tag: tag, anchor: anchor)
      try add(node, anchored: anchor, size: anchor == nil ? 0 : node.nodeCount)
    case .sequence(let start, let tag, let anchor, let style, let items, let streamed):
      let last = items.last?.span.end ?? end
      let span = ByteSpan(start: start, end: style == .flow || streamed ? end : max(start, last))
      let node = SyntaxNode(content: .sequence(items, style), span: span, tag: tag, anchor: anchor)
      try add(node, anchored: anchor, size: anchor == nil ? 0 : node.nodeCount)
    }
  }

  mutating func add(_ node: SyntaxNode, anchored anchor: String?, size: Int) throws {
    if let anchor { anchors[anchor] = (node, max(1, size)) }
    guard let top = stack.popLast() else {
      documentRoot = node
      return
    }
    switch top {
    case .mapping(let start, let tag, let anchor, let style, var entries, let pendingKey, var keys):
      if let key = pendingKey {
        entries.append(SyntaxNode.Entry(key: key, value: node))
        stack.append(.mapping(start: start, tag: tag, anchor: anchor, style: style, entries: entries, pendingKey: nil, keys: keys))
      } else {
        if let name = node.scalarValue {
          let duplicate: Bool
          if var set = keys {
            duplicate = !set.insert(name).inserted
            keys = set
          } else if entries.count < 12 {
            duplicate = entries.contains { $0.key.scalarValue == name }
          } else {
            var set = Set(entries.compactMap { $0.key.scalarValue })
            duplicate = !set.insert(name).inserted
            keys = set
          }
          if duplicate && name != "<<" {
            throw Diagnostic(.error, "duplicate mapping key \"\(name)\"", in: file, at: node.span.start)
          }
        }
        stack.append(.mapping(start: start, tag: tag, anchor: anchor, style: style, entries: entries, pendingKey: node, keys: keys))
      }
    case .sequence(let start, let tag, let anchor, let style, var items, let streamed):
      if streamed, let onTopLevelItem {
        stack.append(top)
        try onTopLevelItem(node)
        return
      }
      items.append(node)
      stack.append(.sequence(start: start, tag: tag, anchor: anchor, style: style, items: items, streamed: streamed))
    }
  }

  mutating func libyamlError(_ parser: yaml_parser_t) -> Diagnostic {
    var message = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
    if let context = parser.context.map({ String(cString: $0) }) {
      message += " (\(context))"
    }
    let offset: Int
    if parser.error == YAML_READER_ERROR {
      offset = min(Int(parser.problem_offset), bytes.count)
      message = "invalid input: " + message
    } else {
      offset = converter.offset(ofCharacter: Int(parser.problem_mark.index))
    }
    return Diagnostic(.error, message, in: file, at: offset)
  }

  static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
    guard let pointer else { return "" }
    return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
  }

  static func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }
}
