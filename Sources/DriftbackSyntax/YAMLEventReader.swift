internal import CYAML

/// One libyaml event in Swift terms, with UTF-8 byte offsets.
public struct YAMLEvent: Sendable {
  /// What happened.
  public enum Kind: Sendable, Hashable {
    case streamEnd, documentStart, documentEnd, scalar, alias, sequenceStart, sequenceEnd, mappingStart, mappingEnd
  }

  /// The kind.
  public var kind: Kind
  /// The scalar's decoded text, or the alias's anchor name.
  public var text: String
  /// The scalar style.
  public var scalarStyle: SyntaxNode.ScalarStyle
  /// The collection style.
  public var collectionStyle: SyntaxNode.CollectionStyle
  /// The tag, expanded.
  public var tag: String?
  /// The anchor defined here.
  public var anchor: String?
  /// The bytes of the event.
  public var span: ByteSpan
}

/// Reads libyaml events from a file. Owns the libyaml parser (freed in `deinit`) and a private copy of
/// the input, which libyaml reads lazily; libyaml marks count characters, and are converted to bytes.
public final class YAMLEventReader {
  private let parser: UnsafeMutablePointer<yaml_parser_t>
  private let input: UnsafeMutableBufferPointer<UInt8>
  private var converter: CharacterOffsetConverter
  /// The file being read.
  public let file: SourceFile

  /// Starts reading a file.
  public init(file: SourceFile) {
    self.file = file
    input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, file.bytes.count))
    _ = input.initialize(from: file.bytes)
    converter = CharacterOffsetConverter(bytes: UnsafeBufferPointer(input), count: file.bytes.count)
    parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    yaml_parser_initialize(parser)
    if let base = input.baseAddress {
      yaml_parser_set_input_string(parser, base, file.bytes.count)
    }
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deallocate()
    input.deallocate()
  }

  /// The next event.
  /// - Throws: a ``Diagnostic`` for invalid YAML.
  public func next() throws -> YAMLEvent {
    var event = yaml_event_t()
    guard yaml_parser_parse(parser, &event) == 1 else { throw error() }
    defer { yaml_event_delete(&event) }
    let start = converter.offset(ofCharacter: Int(event.start_mark.index))
    let end = converter.offset(ofCharacter: Int(event.end_mark.index))
    var result = YAMLEvent(
      kind: .streamEnd, text: "", scalarStyle: .plain, collectionStyle: .block, tag: nil,
      anchor: nil, span: ByteSpan(start: start, end: end))
    switch event.type {
    case YAML_STREAM_END_EVENT: result.kind = .streamEnd
    case YAML_DOCUMENT_START_EVENT: result.kind = .documentStart
    case YAML_DOCUMENT_END_EVENT: result.kind = .documentEnd
    case YAML_SCALAR_EVENT:
      let scalar = event.data.scalar
      result.kind = .scalar
      result.text = Self.string(scalar.value, length: scalar.length)
      result.scalarStyle =
        switch scalar.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
      result.tag = Self.optionalString(scalar.tag)
      result.anchor = Self.optionalString(scalar.anchor)
    case YAML_ALIAS_EVENT:
      result.kind = .alias
      result.text = Self.optionalString(event.data.alias.anchor) ?? ""
    case YAML_SEQUENCE_START_EVENT:
      let data = event.data.sequence_start
      result.kind = .sequenceStart
      result.collectionStyle = data.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block
      result.tag = Self.optionalString(data.tag)
      result.anchor = Self.optionalString(data.anchor)
    case YAML_SEQUENCE_END_EVENT: result.kind = .sequenceEnd
    case YAML_MAPPING_START_EVENT:
      let data = event.data.mapping_start
      result.kind = .mappingStart
      result.collectionStyle = data.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block
      result.tag = Self.optionalString(data.tag)
      result.anchor = Self.optionalString(data.anchor)
    case YAML_MAPPING_END_EVENT: result.kind = .mappingEnd
    default:
      // STREAM_START and NO_EVENT carry nothing.
      return try next()
    }
    return result
  }

  private func error() -> Diagnostic {
    let state = parser.pointee
    var message = state.problem.map { String(cString: $0) } ?? "invalid YAML"
    if let context = state.context.map({ String(cString: $0) }) { message += " (\(context))" }
    let offset: Int
    if state.error == YAML_READER_ERROR {
      offset = min(Int(state.problem_offset), file.bytes.count)
      message = "invalid input: " + message
    } else {
      offset = converter.offset(ofCharacter: Int(state.problem_mark.index))
    }
    return Diagnostic(.error, message, in: file, at: offset)
  }

  private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
    guard let pointer else { return "" }
    return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
  }

  private static func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }
}

/// Converts libyaml character indexes to byte offsets with a cursor; marks arrive almost in order, so the
/// total work stays linear.
struct CharacterOffsetConverter {
  let bytes: UnsafeBufferPointer<UInt8>
  let count: Int
  let isASCII: Bool
  let origin: Int
  var characterIndex = 0
  var byteOffset: Int

  init(bytes: UnsafeBufferPointer<UInt8>, count: Int) {
    self.bytes = bytes
    self.count = count
    let hasBOM = count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    origin = hasBOM ? 3 : 0
    byteOffset = origin
    var ascii = true
    for index in 0..<count where bytes[index] >= 0x80 {
      ascii = false
      break
    }
    isASCII = ascii
  }

  mutating func offset(ofCharacter index: Int) -> Int {
    if isASCII { return min(index + origin, count) }
    while characterIndex < index, byteOffset < count {
      let lead = bytes[byteOffset]
      let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
      byteOffset = min(byteOffset + width, count)
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
