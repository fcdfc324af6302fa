/// A strict RFC 8259 JSON parser that produces the same lossless node model as the YAML parser, with the
/// UTF-8 byte span of every node.
///
/// It is written for `kubectl get -o json` output of tens of megabytes: one linear pass over the raw bytes,
/// no recursion (nesting is tracked on an explicit stack bounded by `ParseLimits.maxDepth`), and strings
/// without escapes are made straight from the bytes. Objects become flow mappings, arrays flow sequences,
/// strings double-quoted scalars and numbers, `true`, `false` and `null` plain scalars spelled exactly as
/// written. Every malformed input is reported as a `Diagnostic` pointing at the offending byte.
public struct JSONParser: Sendable {
  /// The limits applied to every file.
  public var limits: ParseLimits

  /// Creates a parser.
  /// - Parameter limits: the largest file and deepest nesting accepted.
  public init(limits: ParseLimits = .default) {
    self.limits = limits
  }

  /// Parses a whole file.
  /// - Parameter file: the JSON text; a leading UTF-8 byte order mark is skipped.
  /// - Returns: the single document (`index` 0) whose span covers the value without surrounding whitespace.
  /// - Throws: a `Diagnostic` of severity `.error` located at the offending byte.
  public func parse(_ file: SourceFile) throws -> SyntaxDocument {
    try parse(file, onTopLevelItem: nil)
  }

  /// Parses a whole file, streaming the elements of a top-level `items` array.
  ///
  /// When the root is an object with an `"items"` member whose value is an array (a Kubernetes `List`),
  /// each element of that array is handed to `onTopLevelItem` as soon as it is complete and is not kept:
  /// the returned root then has `"items"` as an empty sequence that keeps the array's span. This keeps
  /// the memory of a large list bounded by its largest item.
  /// - Parameters:
  ///   - file: the JSON text; a leading UTF-8 byte order mark is skipped.
  ///   - onTopLevelItem: receives every element of the root's `items` array in order; `nil` keeps them.
  /// - Returns: the single document (`index` 0) whose span covers the value without surrounding whitespace.
  /// - Throws: a `Diagnostic` of severity `.error` located at the offending byte, or whatever
  ///   `onTopLevelItem` throws.
  public func parse(_ file: SourceFile, onTopLevelItem: ((SyntaxNode) throws -> Void)?) throws -> SyntaxDocument {
    if file.bytes.count > limits.maxFileBytes {
      throw Diagnostic(.error, "file is larger than the limit of \(limits.maxFileBytes) bytes", file: file.path)
    }
    return try file.bytes.withUnsafeBufferPointer { buffer in
      var reader = JSONReader(file: file, bytes: buffer, maxDepth: limits.maxDepth, onTopLevelItem: onTopLevelItem)
      return try reader.parseDocument()
    }
  }
}

// MARK: - Reader

/// An object or array whose closing bracket has not been read yet.
private struct OpenCollection {
  let isObject: Bool
  /// Offset of the opening bracket.
  let start: Int
  /// Whether completed elements go to the streaming callback instead of `items`.
  let streamsItems: Bool
  var entries: [SyntaxNode.Entry] = []
  var items: [SyntaxNode] = []
  /// The key read last, waiting for its value (objects only).
  var pendingKey: SyntaxNode
  /// Keys seen so far, filled only once an object has more than `JSONReader.linearKeyLimit` members so
  /// that small objects, the common case, check duplicates by a short scan without hashing.
  var keyIndex: Set<KeyBytes> = []
}

/// A key compared and hashed by its UTF-8 bytes. JSON keys are distinct unless byte-identical, whereas
/// `String` equality would merge canonically equivalent spellings (`é` and `e\u0301`).
private struct KeyBytes: Hashable {
  let text: String

  static func == (lhs: KeyBytes, rhs: KeyBytes) -> Bool { sameBytes(lhs.text, rhs.text) }

  func hash(into hasher: inout Hasher) {
    let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    if hashed == nil {
      for byte in text.utf8 { hasher.combine(byte) }
    }
  }
}

private func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
  lhs.utf8.count == rhs.utf8.count && lhs.utf8.elementsEqual(rhs.utf8)
}

/// The parsing state over the bytes of one file.
private struct JSONReader {
  /// Objects with at most this many members check for duplicate keys by a linear scan.
  static let linearKeyLimit = 12

  let file: SourceFile
  let bytes: UnsafeBufferPointer<UInt8>
  let end: Int
  let maxDepth: Int
  let onTopLevelItem: ((SyntaxNode) throws -> Void)?
  var offset = 0
  var stack: [OpenCollection] = []
  /// Reused buffer for decoding strings that contain escapes.
  var scratch: [UInt8] = []

  init(
    file: SourceFile, bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int,
    onTopLevelItem: ((SyntaxNode) throws -> Void)?
  ) {
    self.file = file
    self.bytes = bytes
    self.end = bytes.count
    self.maxDepth = maxDepth
    self.onTopLevelItem = onTopLevelItem
  }

  mutating func parseDocument() throws -> SyntaxDocument {
    if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    skipWhitespace()
    guard offset < end else { throw error("empty JSON document", at: offset) }
    let start = offset
    let root = try parseValue()
    skipWhitespace()
    guard offset >= end else { throw expected("end of input after JSON value") }
    return SyntaxDocument(root: root, index: 0, span: ByteSpan(start: start, end: root.span.end))
  }

  // MARK: - Structure

  /// Parses one complete value, nesting on `stack` rather than on the native stack.
  mutating func parseValue() throws -> SyntaxNode {
    nextValue: while true {
      skipWhitespace()
      guard offset < end else { throw expected("a value") }
      var node: SyntaxNode
      switch bytes[offset] {
      case UInt8(ascii: "{"):
        try open(isObject: true)
        skipWhitespace()
        if offset < end, bytes[offset] == UInt8(ascii: "}") {
          offset += 1
          node = close()
        } else {
          try parseKey(after: "'{'")
          continue nextValue
        }
      case UInt8(ascii: "["):
        try open(isObject: false)
        skipWhitespace()
        if offset < end, bytes[offset] == UInt8(ascii: "]") {
          offset += 1
          node = close()
        } else {
          continue nextValue
        }
      case UInt8(ascii: "\""):
        let start = offset
        let text = try parseString()
        node = SyntaxNode(content: .scalar(text, .doubleQuoted), span: ByteSpan(start: start, end: offset))
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        node = try parseNumber()
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
        node = try parseLiteral()
      default:
        throw expected("a value")
      }

      // Hand the finished value to its parent, then close every collection that ends right after it.
      while !stack.isEmpty {
        try attach(node)
        skipWhitespace()
        let isObject = stack[stack.count - 1].isObject
        let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        guard offset < end else { throw expectedSeparator(isObject: isObject) }
        let byte = bytes[offset]
        if byte == UInt8(ascii: ",") {
          let comma = offset
          offset += 1
          skipWhitespace()
          if offset < end, bytes[offset] == closer {
            throw error("trailing comma in \(isObject ? "object" : "array")", at: comma)
          }
          if isObject { try parseKey(after: "','") }
          continue nextValue
        }
        guard byte == closer else { throw expectedSeparator(isObject: isObject) }
        offset += 1
        node = close()
      }
      return node
    }
  }

  /// Opens an object or array at the current `{` or `[`.
  mutating func open(isObject: Bool) throws {
    if stack.count >= maxDepth {
      throw error("nesting is deeper than the limit of \(maxDepth) levels", at: offset)
    }
    var streams = false
    if !isObject, onTopLevelItem != nil, stack.count == 1, stack[0].isObject,
      case .scalar(let key, _) = stack[0].pendingKey.content, key == "items"
    {
      streams = true
    }
    let placeholder = SyntaxNode(content: .scalar("", .doubleQuoted), span: ByteSpan(start: offset, end: offset))
    stack.append(OpenCollection(isObject: isObject, start: offset, streamsItems: streams, pendingKey: placeholder))
    offset += 1
  }

  /// Closes the innermost collection; `offset` is just past its closing bracket.
  mutating func close() -> SyntaxNode {
    let collection = stack.removeLast()
    let span = ByteSpan(start: collection.start, end: offset)
    if collection.isObject {
      return SyntaxNode(content: .mapping(collection.entries, .flow), span: span)
    }
    return SyntaxNode(content: .sequence(collection.items, .flow), span: span)
  }

  /// Adds a finished value to the innermost collection.
  mutating func attach(_ node: SyntaxNode) throws {
    let top = stack.count - 1
    if stack[top].isObject {
      stack[top].entries.append(SyntaxNode.Entry(key: stack[top].pendingKey, value: node))
    } else if stack[top].streamsItems, let onTopLevelItem {
      try onTopLevelItem(node)
    } else {
      stack[top].items.append(node)
    }
  }

  /// Reads `"key" :` in the innermost object, which must be free of the same key.
  mutating func parseKey(after previous: String) throws {
    skipWhitespace()
    guard offset < end, bytes[offset] == UInt8(ascii: "\"") else {
      throw expected("a string key after \(previous) in object")
    }
    let start = offset
    let text = try parseString()
    let span = ByteSpan(start: start, end: offset)
    let top = stack.count - 1
    var duplicate = false
    if stack[top].entries.count < Self.linearKeyLimit {
      for entry in stack[top].entries {
        if case .scalar(let other, _) = entry.key.content, sameBytes(other, text) {
          duplicate = true
          break
        }
      }
    } else {
      if stack[top].keyIndex.isEmpty {
        for entry in stack[top].entries {
          if case .scalar(let other, _) = entry.key.content { stack[top].keyIndex.insert(KeyBytes(text: other)) }
        }
      }
      duplicate = !stack[top].keyIndex.insert(KeyBytes(text: text)).inserted
    }
    if duplicate { throw error("duplicate key \(file.text(span))", at: start) }
    stack[top].pendingKey = SyntaxNode(content: .scalar(text, .doubleQuoted), span: span)
    skipWhitespace()
    guard offset < end, bytes[offset] == UInt8(ascii: ":") else { throw expected("':' after object key") }
    offset += 1
  }

  // MARK: - Scalars

  /// Reads a string at the opening quote and returns its decoded text; `offset` ends past the closing quote.
  mutating func parseString() throws -> String {
    let start = offset
    offset += 1
    let runStart = offset
    var highBits: UInt8 = 0
    while offset < end {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "\"") {
        if highBits & 0x80 != 0 { try checkUTF8(runStart..<offset) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]), as: UTF8.self)
        offset += 1
        return text
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 { throw controlCharacter(byte) }
      highBits |= byte
      offset += 1
    }
    guard offset < end else { throw error("unterminated string", at: start) }
    if highBits & 0x80 != 0 { try checkUTF8(runStart..<offset) }
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
    return try parseEscapedString(from: start)
  }

  /// The slow path of `parseString`, entered at the first backslash with the text before it in `scratch`.
  mutating func parseEscapedString(from start: Int) throws -> String {
    var runStart = offset
    var highBits: UInt8 = 0
    while offset < end {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
        if highBits & 0x80 != 0 { try checkUTF8(runStart..<offset) }
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
        highBits = 0
        if byte == UInt8(ascii: "\"") {
          offset += 1
          return String(decoding: scratch, as: UTF8.self)
        }
        try parseEscape(stringStart: start)
        runStart = offset
        continue
      }
      if byte < 0x20 { throw controlCharacter(byte) }
      highBits |= byte
      offset += 1
    }
    throw error("unterminated string", at: start)
  }

  /// Decodes the escape at the current backslash into `scratch`.
  mutating func parseEscape(stringStart: Int) throws {
    let escapeStart = offset
    guard offset + 1 < end else { throw error("unterminated string", at: stringStart) }
    let letter = bytes[offset + 1]
    offset += 2
    switch letter {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(letter)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      let unit = try hexUnit(escapeStart: escapeStart)
      var scalar = unit
      if unit >= 0xDC00, unit <= 0xDFFF {
        throw unpairedSurrogate(at: escapeStart)
      }
      if unit >= 0xD800, unit <= 0xDBFF {
        guard offset + 1 < end, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
          throw unpairedSurrogate(at: escapeStart)
        }
        let lowStart = offset
        offset += 2
        let low = try hexUnit(escapeStart: lowStart)
        guard low >= 0xDC00, low <= 0xDFFF else { throw unpairedSurrogate(at: escapeStart) }
        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
      }
      appendUTF8(scalar)
    default:
      offset = escapeStart
      if letter > 0x20, letter < 0x7F {
        throw error("invalid escape '\\\(Character(Unicode.Scalar(letter)))' in string", at: escapeStart)
      }
      throw error("invalid escape in string", at: escapeStart)
    }
  }

  /// Reads the four hex digits after `\u`; `offset` is at the first digit.
  mutating func hexUnit(escapeStart: Int) throws -> UInt32 {
    guard offset + 4 <= end else {
      throw error("invalid unicode escape, expected 4 hex digits after '\\u'", at: escapeStart)
    }
    var value: UInt32 = 0
    for index in offset..<offset + 4 {
      let byte = bytes[index]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw error("invalid unicode escape, expected 4 hex digits after '\\u'", at: escapeStart)
      }
      value = value << 4 | UInt32(digit)
    }
    offset += 4
    return value
  }

  mutating func appendUTF8(_ scalar: UInt32) {
    switch scalar {
    case ..<0x80:
      scratch.append(UInt8(scalar))
    case ..<0x800:
      scratch.append(UInt8(0xC0 | scalar >> 6))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    case ..<0x10000:
      scratch.append(UInt8(0xE0 | scalar >> 12))
      scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    default:
      scratch.append(UInt8(0xF0 | scalar >> 18))
      scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    }
  }

  /// Reads a number, keeping its spelling: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
  mutating func parseNumber() throws -> SyntaxNode {
    let start = offset
    if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
    guard offset < end, isDigit(bytes[offset]) else { throw expected("a digit after '-' in number") }
    if bytes[offset] == UInt8(ascii: "0") {
      offset += 1
      if offset < end, isDigit(bytes[offset]) {
        throw error("leading zeros are not allowed in numbers", at: offset - 1)
      }
    } else {
      skipDigits()
    }
    if offset < end, bytes[offset] == UInt8(ascii: ".") {
      offset += 1
      guard offset < end, isDigit(bytes[offset]) else { throw expected("a digit after '.' in number") }
      skipDigits()
    }
    if offset < end, bytes[offset] | 0x20 == UInt8(ascii: "e") {
      offset += 1
      if offset < end, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
      guard offset < end, isDigit(bytes[offset]) else { throw expected("a digit in number exponent") }
      skipDigits()
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
    return SyntaxNode(content: .scalar(text, .plain), span: ByteSpan(start: start, end: offset))
  }

  /// Reads `true`, `false` or `null`; any other word is an error, naming it when it is short enough to be
  /// a typo of one (a longer word may be an unquoted secret, which an error message must not repeat).
  mutating func parseLiteral() throws -> SyntaxNode {
    let start = offset
    var wordEnd = offset
    while wordEnd < end, wordEnd - start < 40, isWordByte(bytes[wordEnd]) { wordEnd += 1 }
    let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<wordEnd]), as: UTF8.self)
    guard word == "true" || word == "false" || word == "null" else {
      let named = word.utf8.count <= 6 ? " '\(word)'" : ""
      throw error("invalid literal\(named), expected 'true', 'false' or 'null'", at: start)
    }
    offset = wordEnd
    return SyntaxNode(content: .scalar(word, .plain), span: ByteSpan(start: start, end: wordEnd))
  }

  // MARK: - Bytes

  mutating func skipWhitespace() {
    while offset < end {
      let byte = bytes[offset]
      guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
      offset += 1
    }
  }

  mutating func skipDigits() {
    while offset < end, isDigit(bytes[offset]) { offset += 1 }
  }

  func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  func isWordByte(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == UInt8(ascii: "_")
  }

  /// Throws at the first byte of `range` that is not part of well-formed UTF-8.
  func checkUTF8(_ range: Range<Int>) throws {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = UnsafeBufferPointer(rebasing: bytes[range]).makeIterator()
    var position = range.lowerBound
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded): position += encoded.count
      case .error: throw error("invalid UTF-8 in string", at: position)
      case .emptyInput: return
      }
    }
  }

  // MARK: - Diagnostics

  func error(_ message: String, at offset: Int) -> Diagnostic {
    Diagnostic(.error, message, in: file, at: offset)
  }

  /// `expected <what>, found <what is at the current offset>`.
  func expected(_ what: String) -> Diagnostic {
    error("expected \(what), found \(describe(at: offset))", at: offset)
  }

  func expectedSeparator(isObject: Bool) -> Diagnostic {
    expected(isObject ? "',' or '}' after object member" : "',' or ']' after array element")
  }

  func controlCharacter(_ byte: UInt8) -> Diagnostic {
    if byte == 0x0A || byte == 0x0D {
      return error("unescaped line break in string", at: offset)
    }
    return error("unescaped control character \(hex(byte)) in string", at: offset)
  }

  func unpairedSurrogate(at escapeStart: Int) -> Diagnostic {
    let spelling = file.text(ByteSpan(start: escapeStart, end: min(escapeStart + 6, end)))
    return error("unpaired surrogate '\(spelling)' in string", at: escapeStart)
  }

  /// A short description of the byte at `position` for messages.
  func describe(at position: Int) -> String {
    guard position < end else { return "end of input" }
    let byte = bytes[position]
    switch byte {
    case UInt8(ascii: "'"): return "\"'\""
    case 0x21..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
    case 0x20: return "a space"
    case 0x09: return "a tab"
    case 0x0A, 0x0D: return "a line break"
    case 0x80...:
      var parser = Unicode.UTF8.ForwardParser()
      var iterator = UnsafeBufferPointer(rebasing: bytes[position..<min(position + 4, end)]).makeIterator()
      if case .valid(let encoded) = parser.parseScalar(from: &iterator) {
        return "'\(Character(Unicode.UTF8.decode(encoded)))'"
      }
      return "byte \(hex(byte))"
    default: return "byte \(hex(byte))"
    }
  }

  func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return byte < 0x10 ? "0x0" + digits : "0x" + digits
  }
}
