/// Splits HCL native syntax into lossless tokens.
///
/// HCL's lexical grammar depends on context: inside a quoted string or a heredoc, text is template literal
/// until `${` or `%{`, and inside those an expression runs until the matching `}`. The lexer keeps that
/// context on an explicit stack of modes, so it runs in one linear pass without recursion. It never fails:
/// bytes that are not HCL become `.invalid` tokens, and a string or heredoc that never closes simply ends
/// at the end of the file; the parser reports both with a position.
public struct HCLLexer: Sendable {
  /// Creates a lexer.
  public init() {}

  /// Tokenizes a whole file.
  /// - Parameter bytes: the UTF-8 source.
  /// - Returns: tokens whose spans tile `0..<bytes.count` exactly, in order.
  public func tokenize(_ bytes: [UInt8]) -> [HCLToken] {
    bytes.withUnsafeBufferPointer { buffer in
      var scanner = HCLScanner(bytes: buffer)
      scanner.run()
      return scanner.tokens
    }
  }
}

// MARK: - Scanner

/// What the bytes at the current offset mean.
private enum HCLLexMode {
  /// Expression syntax. `closesTemplate` is true inside `${…}` / `%{…}`, where the `}` at brace depth 0
  /// ends the sequence.
  case expression(braceDepth: Int, closesTemplate: Bool)
  /// Inside `"…"`.
  case quoted
  /// Inside a heredoc whose marker is `marker`; `atLineStart` says whether the terminator may come next.
  case heredoc(marker: ByteSpan, atLineStart: Bool)
}

private struct HCLScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  let end: Int
  var offset = 0
  var tokens: [HCLToken] = []
  var modes: [HCLLexMode] = [.expression(braceDepth: 0, closesTemplate: false)]
  /// The kind of the last token that is not trivia, to lex `x.0.1` as two legacy indexes.
  var lastSignificant: HCLToken.Kind = .newline

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    self.end = bytes.count
    tokens.reserveCapacity(bytes.count / 3 + 1)
  }

  mutating func run() {
    if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      emit(.whitespace, from: 0, to: 3)
    }
    while offset < end {
      switch modes[modes.count - 1] {
      case .expression(let depth, let closesTemplate):
        scanExpression(braceDepth: depth, closesTemplate: closesTemplate)
      case .quoted:
        scanQuoted()
      case .heredoc(let marker, let atLineStart):
        scanHeredoc(marker: marker, atLineStart: atLineStart)
      }
    }
  }

  mutating func emit(_ kind: HCLToken.Kind, from start: Int, to stop: Int) {
    tokens.append(HCLToken(kind: kind, span: ByteSpan(start: start, end: stop)))
    offset = stop
    switch kind {
    case .whitespace, .lineComment, .blockComment: break
    default: lastSignificant = kind
    }
  }

  func byte(at index: Int) -> UInt8 { index < end ? bytes[index] : 0 }

  // MARK: - Expression mode

  mutating func scanExpression(braceDepth: Int, closesTemplate: Bool) {
    let start = offset
    let first = bytes[start]
    let next = byte(at: start + 1)
    switch first {
    case UInt8(ascii: " "), UInt8(ascii: "\t"):
      var index = start + 1
      while index < end, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
      emit(.whitespace, from: start, to: index)
    case UInt8(ascii: "\n"):
      emit(.newline, from: start, to: start + 1)
    case UInt8(ascii: "\r"):
      if next == UInt8(ascii: "\n") {
        emit(.newline, from: start, to: start + 2)
      } else {
        emit(.whitespace, from: start, to: start + 1)
      }
    case UInt8(ascii: "#"):
      emit(.lineComment, from: start, to: lineCommentEnd(from: start))
    case UInt8(ascii: "/"):
      if next == UInt8(ascii: "/") {
        emit(.lineComment, from: start, to: lineCommentEnd(from: start))
      } else if next == UInt8(ascii: "*") {
        var index = start + 2
        while index + 1 < end, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
          index += 1
        }
        if index + 1 < end {
          emit(.blockComment, from: start, to: index + 2)
        } else {
          emit(.invalid, from: start, to: end)
        }
      } else {
        emit(.slash, from: start, to: start + 1)
      }
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      emit(.number, from: start, to: numberEnd(from: start, digitsOnly: lastSignificant == .dot))
    case UInt8(ascii: "{"):
      setTop(.expression(braceDepth: braceDepth + 1, closesTemplate: closesTemplate))
      emit(.openBrace, from: start, to: start + 1)
    case UInt8(ascii: "}"):
      if braceDepth > 0 {
        setTop(.expression(braceDepth: braceDepth - 1, closesTemplate: closesTemplate))
        emit(.closeBrace, from: start, to: start + 1)
      } else if closesTemplate {
        popMode()
        emit(.templateSequenceEnd, from: start, to: start + 1)
      } else {
        emit(.closeBrace, from: start, to: start + 1)
      }
    case UInt8(ascii: "~"):
      if next == UInt8(ascii: "}"), braceDepth == 0, closesTemplate {
        popMode()
        emit(.templateSequenceEnd, from: start, to: start + 2)
      } else {
        emit(.invalid, from: start, to: start + 1)
      }
    case UInt8(ascii: "\""):
      modes.append(.quoted)
      emit(.openQuote, from: start, to: start + 1)
    case UInt8(ascii: "<"):
      if next == UInt8(ascii: "<") {
        scanHeredocStart()
      } else if next == UInt8(ascii: "=") {
        emit(.lessEqual, from: start, to: start + 2)
      } else {
        emit(.less, from: start, to: start + 1)
      }
    case UInt8(ascii: ">"):
      emit(next == UInt8(ascii: "=") ? .greaterEqual : .greater, from: start, to: start + (next == 0x3D ? 2 : 1))
    case UInt8(ascii: "="):
      if next == UInt8(ascii: "=") {
        emit(.equalEqual, from: start, to: start + 2)
      } else if next == UInt8(ascii: ">") {
        emit(.fatArrow, from: start, to: start + 2)
      } else {
        emit(.equals, from: start, to: start + 1)
      }
    case UInt8(ascii: "!"):
      emit(next == UInt8(ascii: "=") ? .notEqual : .bang, from: start, to: start + (next == 0x3D ? 2 : 1))
    case UInt8(ascii: "&"):
      emit(next == UInt8(ascii: "&") ? .and : .invalid, from: start, to: start + (next == 0x26 ? 2 : 1))
    case UInt8(ascii: "|"):
      emit(next == UInt8(ascii: "|") ? .or : .invalid, from: start, to: start + (next == 0x7C ? 2 : 1))
    case UInt8(ascii: "."):
      if next == UInt8(ascii: "."), byte(at: start + 2) == UInt8(ascii: ".") {
        emit(.ellipsis, from: start, to: start + 3)
      } else {
        emit(.dot, from: start, to: start + 1)
      }
    case UInt8(ascii: "["): emit(.openBracket, from: start, to: start + 1)
    case UInt8(ascii: "]"): emit(.closeBracket, from: start, to: start + 1)
    case UInt8(ascii: "("): emit(.openParen, from: start, to: start + 1)
    case UInt8(ascii: ")"): emit(.closeParen, from: start, to: start + 1)
    case UInt8(ascii: ","): emit(.comma, from: start, to: start + 1)
    case UInt8(ascii: ":"): emit(.colon, from: start, to: start + 1)
    case UInt8(ascii: "?"): emit(.question, from: start, to: start + 1)
    case UInt8(ascii: "+"): emit(.plus, from: start, to: start + 1)
    case UInt8(ascii: "-"): emit(.minus, from: start, to: start + 1)
    case UInt8(ascii: "*"): emit(.star, from: start, to: start + 1)
    case UInt8(ascii: "%"): emit(.percent, from: start, to: start + 1)
    default:
      let (isStart, length) = identifierStart(at: start)
      if isStart {
        var index = start + length
        while index < end {
          let (continues, width) = identifierContinue(at: index)
          if !continues { break }
          index += width
        }
        emit(.identifier, from: start, to: index)
      } else {
        emit(.invalid, from: start, to: start + length)
      }
    }
  }

  mutating func setTop(_ mode: HCLLexMode) { modes[modes.count - 1] = mode }

  mutating func popMode() {
    if modes.count > 1 { modes.removeLast() }
    // Returning into a heredoc after `}`: the text that follows is mid-line.
    if case .heredoc(let marker, _) = modes[modes.count - 1] {
      setTop(.heredoc(marker: marker, atLineStart: false))
    }
  }

  func lineCommentEnd(from start: Int) -> Int {
    var index = start
    while index < end, bytes[index] != UInt8(ascii: "\n") {
      if bytes[index] == UInt8(ascii: "\r"), byte(at: index + 1) == UInt8(ascii: "\n") { break }
      index += 1
    }
    return index
  }

  func numberEnd(from start: Int, digitsOnly: Bool) -> Int {
    var index = start
    while index < end, isDigit(bytes[index]) { index += 1 }
    if digitsOnly { return index }
    if index + 1 < end, bytes[index] == UInt8(ascii: "."), isDigit(bytes[index + 1]) {
      index += 1
      while index < end, isDigit(bytes[index]) { index += 1 }
    }
    if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      var exponent = index + 1
      if exponent < end, bytes[exponent] == UInt8(ascii: "+") || bytes[exponent] == UInt8(ascii: "-") {
        exponent += 1
      }
      if exponent < end, isDigit(bytes[exponent]) {
        index = exponent
        while index < end, isDigit(bytes[index]) { index += 1 }
      }
    }
    return index
  }

  /// Whether an identifier starts at `index`, and the width of the character there.
  func identifierStart(at index: Int) -> (Bool, Int) {
    let first = bytes[index]
    if first < 0x80 {
      let isLetter = (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z")
      return (isLetter || first == UInt8(ascii: "_"), 1)
    }
    guard let (scalar, width) = decodeScalar(at: index) else { return (false, 1) }
    return (scalar.properties.isIDStart, width)
  }

  func identifierContinue(at index: Int) -> (Bool, Int) {
    let first = bytes[index]
    if first < 0x80 {
      let isLetter = (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z")
      return (isLetter || isDigit(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: "-"), 1)
    }
    guard let (scalar, width) = decodeScalar(at: index) else { return (false, 1) }
    return (scalar.properties.isIDContinue, width)
  }

  func decodeScalar(at index: Int) -> (Unicode.Scalar, Int)? {
    let first = bytes[index]
    let width: Int
    var value: UInt32
    switch first {
    case 0xC2...0xDF:
      width = 2
      value = UInt32(first & 0x1F)
    case 0xE0...0xEF:
      width = 3
      value = UInt32(first & 0x0F)
    case 0xF0...0xF4:
      width = 4
      value = UInt32(first & 0x07)
    default: return nil
    }
    guard index + width <= end else { return nil }
    for position in index + 1..<index + width {
      let continuation = bytes[position]
      guard continuation & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(continuation & 0x3F)
    }
    guard let scalar = Unicode.Scalar(value) else { return nil }
    return (scalar, width)
  }

  // MARK: - Heredoc introducer

  /// At `<<`: a heredoc introducer is `<<` or `<<-`, an identifier, and a line break.
  mutating func scanHeredocStart() {
    let start = offset
    var index = start + 2
    if byte(at: index) == UInt8(ascii: "-") { index += 1 }
    let markerStart = index
    if index < end, identifierStart(at: index).0 {
      while index < end {
        let (continues, width) = identifierContinue(at: index)
        if !continues { break }
        index += width
      }
    }
    let markerEnd = index
    var lineEnd = -1
    if byte(at: index) == UInt8(ascii: "\n") {
      lineEnd = index + 1
    } else if byte(at: index) == UInt8(ascii: "\r"), byte(at: index + 1) == UInt8(ascii: "\n") {
      lineEnd = index + 2
    }
    guard markerEnd > markerStart, lineEnd > 0 else {
      emit(.invalid, from: start, to: max(markerEnd, start + 2))
      return
    }
    modes.append(.heredoc(marker: ByteSpan(start: markerStart, end: markerEnd), atLineStart: true))
    emit(.heredocStart, from: start, to: lineEnd)
  }

  // MARK: - Template modes

  mutating func scanQuoted() {
    let start = offset
    var index = start
    while index < end {
      let current = bytes[index]
      if current == UInt8(ascii: "\"") || current == UInt8(ascii: "\n") { break }
      if current == UInt8(ascii: "\r"), byte(at: index + 1) == UInt8(ascii: "\n") { break }
      if current == UInt8(ascii: "\\") {
        let escaped = byte(at: index + 1)
        index += (escaped == UInt8(ascii: "\n") || escaped == UInt8(ascii: "\r") || index + 1 >= end) ? 1 : 2
        continue
      }
      if isSequenceStart(at: index) { break }
      index = skipTemplateEscape(at: index)
    }
    if index > start {
      emit(.templateLiteral, from: start, to: index)
      return
    }
    let current = bytes[index]
    if current == UInt8(ascii: "\"") {
      modes.removeLast()
      emit(.closeQuote, from: index, to: index + 1)
    } else if current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r") {
      // A line break cannot be inside a quoted string: the string ends unterminated here.
      modes.removeLast()
    } else {
      openSequence(at: index)
    }
  }

  mutating func scanHeredoc(marker: ByteSpan, atLineStart: Bool) {
    let start = offset
    if atLineStart {
      var index = start
      while index < end, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
      let length = marker.count
      if index + length <= end, matches(marker, at: index) {
        let after = index + length
        let terminates =
          after == end || bytes[after] == UInt8(ascii: "\n")
          || (bytes[after] == UInt8(ascii: "\r") && byte(at: after + 1) == UInt8(ascii: "\n"))
        if terminates {
          modes.removeLast()
          emit(.heredocEnd, from: start, to: after)
          return
        }
      }
    }
    var index = start
    while index < end {
      if bytes[index] == UInt8(ascii: "\n") {
        index += 1
        setTop(.heredoc(marker: marker, atLineStart: true))
        emit(.templateLiteral, from: start, to: index)
        return
      }
      if isSequenceStart(at: index) { break }
      index = skipTemplateEscape(at: index)
    }
    if index > start {
      setTop(.heredoc(marker: marker, atLineStart: false))
      emit(.templateLiteral, from: start, to: index)
    } else if index < end {
      openSequence(at: index)
    }
  }

  func matches(_ marker: ByteSpan, at index: Int) -> Bool {
    for position in 0..<marker.count where bytes[index + position] != bytes[marker.start + position] {
      return false
    }
    return true
  }

  /// Whether `${` or `%{` (not `$${` / `%%{`) starts at `index`.
  func isSequenceStart(at index: Int) -> Bool {
    let current = bytes[index]
    return (current == UInt8(ascii: "$") || current == UInt8(ascii: "%")) && byte(at: index + 1) == UInt8(ascii: "{")
  }

  /// Steps over one literal byte, or over a whole `$${` / `%%{` escape.
  func skipTemplateEscape(at index: Int) -> Int {
    let current = bytes[index]
    if current == UInt8(ascii: "$") || current == UInt8(ascii: "%"), byte(at: index + 1) == current,
      byte(at: index + 2) == UInt8(ascii: "{")
    {
      return index + 3
    }
    return index + 1
  }

  mutating func openSequence(at index: Int) {
    let kind: HCLToken.Kind = bytes[index] == UInt8(ascii: "$") ? .templateInterpolation : .templateControl
    let stop = byte(at: index + 2) == UInt8(ascii: "~") ? index + 3 : index + 2
    modes.append(.expression(braceDepth: 0, closesTemplate: true))
    emit(kind, from: index, to: stop)
  }
}

@inline(__always) private func isDigit(_ byte: UInt8) -> Bool {
  byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}
