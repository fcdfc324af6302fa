import DriftbackSyntax

// MARK: - Text form

extension CloudFormationParameterFileReader {
  /// `K=V` words separated by blanks and line breaks, quoted and escaped as a POSIX shell does (`'…'`, `"…"`
  /// with `\"`, `\\`, `\$`, `` \` ``, and `\x` outside quotes); a word starting with `#` comments out the rest
  /// of its line.
  mutating func readText() throws {
    let bytes = file.bytes
    let count = bytes.count
    var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    while index < count {
      if isBlank(bytes[index]) {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "#") {
        while index < count, bytes[index] != 0x0A { index += 1 }
        continue
      }
      let wordStart = index
      // The quote byte when the word ends with the closing quote of a quoted part.
      var closingQuote: UInt8?
      var decoded: [UInt8] = []
      // For every decoded byte: where it is in the file and the offset of the quote it is inside, if any.
      var offsets: [Int] = []
      var quotes: [Int?] = []
      func append(_ at: Int, quote: Int?) {
        decoded.append(bytes[at])
        offsets.append(at)
        quotes.append(quote)
      }
      while index < count, !isBlank(bytes[index]) {
        closingQuote = nil
        switch bytes[index] {
        case UInt8(ascii: "'"):
          let open = index
          index += 1
          while index < count, bytes[index] != UInt8(ascii: "'") {
            append(index, quote: open)
            index += 1
          }
          guard index < count else { throw error("unterminated ' quote", at: open) }
          closingQuote = bytes[index]
          index += 1
        case UInt8(ascii: "\""):
          let open = index
          index += 1
          while index < count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < count, "\"\\$`".utf8.contains(bytes[index + 1]) {
              index += 1
            }
            append(index, quote: open)
            index += 1
          }
          guard index < count else { throw error("unterminated \" quote", at: open) }
          closingQuote = bytes[index]
          index += 1
        case UInt8(ascii: "\\"):
          index += 1
          if index < count {
            append(index, quote: nil)
            index += 1
          }
        default:
          append(index, quote: nil)
          index += 1
        }
      }
      try addWord(
        decoded, offsets: offsets, quotes: quotes, closingQuote: closingQuote,
        span: ByteSpan(start: wordStart, end: index))
    }
  }

  private mutating func addWord(
    _ decoded: [UInt8], offsets: [Int], quotes: [Int?], closingQuote: UInt8?, span: ByteSpan
  ) throws {
    guard let equals = decoded.firstIndex(of: UInt8(ascii: "=")) else {
      // The word itself is never quoted: it may be a secret value written on the wrong line.
      throw error("expected Key=Value, found a word without '='", at: span.start)
    }
    let name = String(decoding: decoded[..<equals], as: UTF8.self)
    if name == "ParameterKey" {
      throw error(
        "the create-stack shorthand (ParameterKey=…,ParameterValue=…) is not read here: write Key=Value or JSON",
        at: span.start)
    }
    let value = String(decoding: decoded[(equals + 1)...], as: UTF8.self)
    let keySpan = ByteSpan(start: span.start, end: offsets[equals])
    let valueStart = offsets[equals] + 1
    guard let quote = quotes[equals] else {
      try add(
        .init(
          name: name, value: value, span: ByteSpan(start: valueStart, end: span.end), keySpan: keySpan,
          style: .textWord))
      return
    }
    // The quote opened before the name: the word must end with the same kind of quote (`"K=V"`,
    // `'K=it'\''s'`), so that the text between '=' and that closing quote can be replaced by text written
    // inside such quotes.
    let quoteByte = file.bytes[quote]
    let closing = span.end - 1
    guard closingQuote == quoteByte, closing >= valueStart else {
      throw error("quote either the value (K=\"V\") or the whole word (\"K=V\")", at: span.start)
    }
    try add(
      .init(
        name: name, value: value, span: ByteSpan(start: valueStart, end: closing), keySpan: keySpan,
        style: .textQuotedContent(quote: quoteByte == UInt8(ascii: "'") ? "'" : "\"")))
  }
}
