/// The bytes of one input file with a table of line starts, so that byte offsets turn into lines and
/// columns by binary search (the swift-syntax `SourceLocationConverter` approach).
public final class SourceFile: Sendable {
  /// The path used in diagnostics and reports (as the user gave it, not made absolute).
  public let path: String
  /// The raw UTF-8 bytes.
  public let bytes: [UInt8]
  /// Byte offset of the first byte of every line; `lineStarts[0] == 0`.
  public let lineStarts: [Int]

  /// Creates a source file from raw bytes.
  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
    var starts = [0]
    starts.reserveCapacity(bytes.count / 24 + 1)
    bytes.withUnsafeBufferPointer { buffer in
      for index in buffer.indices where buffer[index] == 0x0A {
        starts.append(index + 1)
      }
    }
    self.lineStarts = starts
  }

  /// Creates a source file from text.
  public convenience init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }

  /// The whole file as a string (invalid UTF-8 is repaired with U+FFFD).
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// The 0-based index of the line holding `offset`.
  public func lineIndex(of offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low
  }

  /// The line and column of a byte offset.
  public func location(of offset: Int) -> SourceLocation {
    let clamped = min(max(0, offset), bytes.count)
    let index = lineIndex(of: clamped)
    return SourceLocation(file: path, line: index + 1, column: clamped - lineStarts[index] + 1)
  }

  /// The byte span of a 0-based line, without its line break.
  public func lineSpan(_ index: Int) -> ByteSpan {
    guard index >= 0, index < lineStarts.count else { return ByteSpan(start: bytes.count, end: bytes.count) }
    let start = lineStarts[index]
    var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
    if end > start, bytes[end - 1] == 0x0D { end -= 1 }
    return ByteSpan(start: start, end: max(start, end))
  }

  /// The text of a span.
  public func text(_ span: ByteSpan) -> String {
    let start = min(max(0, span.start), bytes.count)
    let end = min(max(start, span.end), bytes.count)
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// The text of the 0-based line `index`, without its line break.
  public func lineText(_ index: Int) -> String { text(lineSpan(index)) }

  /// The whitespace that starts the line holding `offset`.
  public func indentation(ofLineAt offset: Int) -> String {
    let span = lineSpan(lineIndex(of: offset))
    var end = span.start
    while end < span.end, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
    return text(ByteSpan(start: span.start, end: end))
  }

  /// The column (0-based, bytes) of `offset` within its line.
  public func column(of offset: Int) -> Int { offset - lineStarts[lineIndex(of: offset)] }
}
