// MARK: - Templates

extension HCLParserState {
  /// `"…"`, at the opening quote.
  mutating func parseQuotedTemplate() throws -> HCLExpression {
    let open = advance()
    let saved = template
    template = HCLTemplateContext()
    defer { template = saved }
    let (parts, terminator) = try parseTemplateParts(stopAt: [])
    if let terminator { throw unexpectedDirective(terminator) }
    guard position < tokens.count, tokens[position].kind == .closeQuote else {
      throw error("unterminated template string: no closing quote before the end of the line", at: open.span.start)
    }
    let close = advance()
    return HCLExpression(
      .template(HCLTemplate(parts: parts, heredoc: nil)), span: ByteSpan(start: open.span.start, end: close.span.end))
  }

  /// `<<EOT` … `EOT`, at the introducer.
  mutating func parseHeredoc() throws -> HCLExpression {
    let start = advance()
    let introducer = start.span
    let isFlush = bytes[introducer.start + 2] == UInt8(ascii: "-")
    var markerEnd = introducer.end - 1
    if bytes[markerEnd - 1] == UInt8(ascii: "\r") { markerEnd -= 1 }
    let marker = text(ByteSpan(start: introducer.start + (isFlush ? 3 : 2), end: markerEnd))
    let saved = template
    template = HCLTemplateContext(isQuoted: false)
    defer { template = saved }
    if isFlush { computeFlushIndentation() }
    let (parts, terminator) = try parseTemplateParts(stopAt: [])
    if let terminator { throw unexpectedDirective(terminator) }
    guard position < tokens.count, tokens[position].kind == .heredocEnd else {
      throw error(
        "unterminated heredoc: no line holding only the marker \"\(marker)\" before the end of the file",
        at: introducer.start)
    }
    let end = advance()
    let heredoc = HCLHeredoc(marker: marker, isFlush: isFlush, startSpan: introducer, endSpan: end.span)
    return HCLExpression(
      .template(HCLTemplate(parts: parts, heredoc: heredoc)), span: ByteSpan(start: introducer.start, end: end.span.end)
    )
  }

  func unexpectedDirective(_ terminator: (keyword: String, tag: HCLTemplateTag)) -> HCLParseError {
    error("unexpected %{\(terminator.keyword)} without a matching opening directive", at: terminator.tag.span.start)
  }

  /// Parses literal text, interpolations and directives up to the end of the template or up to one of the
  /// directive keywords in `stopAt` (`else`, `endif`, `endfor`), which is consumed and returned.
  mutating func parseTemplateParts(
    stopAt: Set<String>
  ) throws -> (parts: [HCLTemplatePart], terminator: (keyword: String, tag: HCLTemplateTag)?) {
    var parts: [HCLTemplatePart] = []
    while position < tokens.count {
      let token = tokens[position]
      switch token.kind {
      case .templateLiteral:
        position += 1
        parts.append(try decodeLiteral(token, index: position - 1))
      case .templateInterpolation:
        position += 1
        template.stripNextLiteral = false
        let stripsBefore = token.span.count == 3
        if stripsBefore { stripTrailingWhitespace(&parts) }
        let expression = try parseSequenceExpression()
        let end = try expectSequenceEnd(opener: token)
        let tag = HCLTemplateTag(
          span: ByteSpan(start: token.span.start, end: end.span.end), stripsBefore: stripsBefore,
          stripsAfter: end.span.count == 2)
        template.stripNextLiteral = tag.stripsAfter
        parts.append(.interpolation(HCLTemplateInterpolation(expression: expression, tag: tag)))
      case .templateControl:
        position += 1
        template.stripNextLiteral = false
        let stripsBefore = token.span.count == 3
        if stripsBefore { stripTrailingWhitespace(&parts) }
        let keywordToken = peekInSequence()
        guard let keywordToken, keywordToken.kind == .identifier else {
          throw error("expected a template directive (if, for, else, endif, endfor) after \"%{\"", at: token.span.end)
        }
        let keyword = text(keywordToken)
        advance()
        switch keyword {
        case "if":
          parts.append(.ifDirective(try parseIfDirective(opener: token, stripsBefore: stripsBefore)))
        case "for":
          parts.append(.forDirective(try parseForDirective(opener: token, stripsBefore: stripsBefore)))
        case "else", "endif", "endfor":
          let end = try expectSequenceEnd(opener: token)
          let tag = HCLTemplateTag(
            span: ByteSpan(start: token.span.start, end: end.span.end), stripsBefore: stripsBefore,
            stripsAfter: end.span.count == 2)
          template.stripNextLiteral = tag.stripsAfter
          guard stopAt.contains(keyword) else { throw unexpectedDirective((keyword, tag)) }
          return (parts, (keyword, tag))
        default:
          throw error(
            "invalid template directive \"\(keyword)\": expected if, for, else, endif or endfor",
            at: keywordToken.span.start)
        }
      default:
        return (parts, nil)
      }
    }
    return (parts, nil)
  }

  /// The next significant token inside `${…}` / `%{…}`, where line breaks do not count.
  mutating func peekInSequence() -> HCLToken? {
    let savedNewlines = includeNewlines
    includeNewlines = false
    defer { includeNewlines = savedNewlines }
    return peek()
  }

  mutating func parseSequenceExpression() throws -> HCLExpression {
    let savedNewlines = includeNewlines
    includeNewlines = false
    defer { includeNewlines = savedNewlines }
    let saved = template
    defer { template = saved }
    return try parseExpression()
  }

  mutating func expectSequenceEnd(opener: HCLToken) throws -> HCLToken {
    guard let token = peekInSequence() else {
      throw error("unterminated template sequence: no \"}\" closes it", at: opener.span.start)
    }
    guard token.kind == .templateSequenceEnd else {
      throw error("expected \"}\" to close the template sequence, found \(describe(token))", at: token.span.start)
    }
    return advance()
  }

  mutating func parseIfDirective(opener: HCLToken, stripsBefore: Bool) throws -> HCLTemplateIf {
    try enter(at: opener.span.start)
    defer { depth -= 1 }
    let condition = try parseSequenceExpression()
    let end = try expectSequenceEnd(opener: opener)
    let ifTag = HCLTemplateTag(
      span: ByteSpan(start: opener.span.start, end: end.span.end), stripsBefore: stripsBefore,
      stripsAfter: end.span.count == 2)
    template.stripNextLiteral = ifTag.stripsAfter
    let (trueParts, first) = try parseTemplateParts(stopAt: ["else", "endif"])
    guard var terminator = first else {
      throw error("unterminated %{if}: no %{endif} closes it", at: opener.span.start)
    }
    var elseTag: HCLTemplateTag?
    var falseParts: [HCLTemplatePart] = []
    if terminator.keyword == "else" {
      elseTag = terminator.tag
      let (parts, second) = try parseTemplateParts(stopAt: ["endif"])
      guard let second else { throw error("unterminated %{if}: no %{endif} closes it", at: opener.span.start) }
      falseParts = parts
      terminator = second
    }
    return HCLTemplateIf(
      condition: condition, trueParts: trueParts, falseParts: falseParts, ifTag: ifTag, elseTag: elseTag,
      endTag: terminator.tag)
  }

  mutating func parseForDirective(opener: HCLToken, stripsBefore: Bool) throws -> HCLTemplateFor {
    try enter(at: opener.span.start)
    defer { depth -= 1 }
    let savedNewlines = includeNewlines
    includeNewlines = false
    defer { includeNewlines = savedNewlines }
    let (keyVariable, valueVariable) = try parseForVariables()
    let collection = try parseSequenceExpression()
    let end = try expectSequenceEnd(opener: opener)
    let forTag = HCLTemplateTag(
      span: ByteSpan(start: opener.span.start, end: end.span.end), stripsBefore: stripsBefore,
      stripsAfter: end.span.count == 2)
    template.stripNextLiteral = forTag.stripsAfter
    let (bodyParts, terminator) = try parseTemplateParts(stopAt: ["endfor"])
    guard let terminator else { throw error("unterminated %{for}: no %{endfor} closes it", at: opener.span.start) }
    return HCLTemplateFor(
      keyVariable: keyVariable, valueVariable: valueVariable, collection: collection, bodyParts: bodyParts,
      forTag: forTag, endTag: terminator.tag)
  }

  // MARK: Literal text

  /// Decodes one literal token: escapes (quoted strings only), `$${` and `%%{`, flush indentation, and a
  /// preceding `~}` strip marker.
  mutating func decodeLiteral(_ token: HCLToken, index: Int) throws -> HCLTemplatePart {
    var span = token.span
    if !template.isQuoted, template.flushIndentation > 0, template.flushedLiterals.contains(index) {
      var removed = 0
      var offset = span.start
      while removed < template.flushIndentation, offset < span.end {
        offset += characterWidth(at: offset, limit: span.end)
        removed += 1
      }
      span = ByteSpan(start: offset, end: span.end)
    }
    var decoded: [UInt8] = []
    decoded.reserveCapacity(span.count)
    var offset = span.start
    while offset < span.end {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "$") || byte == UInt8(ascii: "%"), offset + 2 < span.end, bytes[offset + 1] == byte,
        bytes[offset + 2] == UInt8(ascii: "{")
      {
        decoded.append(byte)
        decoded.append(UInt8(ascii: "{"))
        offset += 3
        continue
      }
      if byte == UInt8(ascii: "\\"), template.isQuoted {
        offset = try decodeEscape(at: offset, end: span.end, into: &decoded)
        continue
      }
      decoded.append(byte)
      offset += 1
    }
    var text = String(decoding: decoded, as: UTF8.self)
    if template.stripNextLiteral {
      text = String(text.drop(while: \.isWhitespace))
      template.stripNextLiteral = false
    }
    return .literal(text, span: span)
  }

  /// Decodes the escape at `offset` (a backslash) and returns the offset after it.
  func decodeEscape(at offset: Int, end: Int, into decoded: inout [UInt8]) throws -> Int {
    guard offset + 1 < end else {
      throw error("invalid escape sequence: a backslash must be followed by an escape character", at: offset)
    }
    let simple: UInt8?
    switch bytes[offset + 1] {
    case UInt8(ascii: "n"): simple = 0x0A
    case UInt8(ascii: "r"): simple = 0x0D
    case UInt8(ascii: "t"): simple = 0x09
    case UInt8(ascii: "\""): simple = 0x22
    case UInt8(ascii: "\\"): simple = 0x5C
    case UInt8(ascii: "u"), UInt8(ascii: "U"): simple = nil
    default:
      throw error(
        "invalid escape sequence \"\\\(text(ByteSpan(start: offset + 1, end: offset + 2)))\": only \\n, \\r, \\t, "
          + "\\\", \\\\, \\uNNNN and \\UNNNNNNNN are allowed", at: offset)
    }
    if let simple {
      decoded.append(simple)
      return offset + 2
    }
    let digits = bytes[offset + 1] == UInt8(ascii: "u") ? 4 : 8
    guard offset + 2 + digits <= end else {
      throw error("invalid escape sequence: expected \(digits) hexadecimal digits", at: offset)
    }
    var value: UInt32 = 0
    for position in offset + 2..<offset + 2 + digits {
      guard let digit = hexValue(bytes[position]) else {
        throw error("invalid escape sequence: expected \(digits) hexadecimal digits", at: offset)
      }
      value = value << 4 | digit
    }
    guard let scalar = Unicode.Scalar(value) else {
      throw error(
        "invalid escape sequence: U+\(String(value, radix: 16, uppercase: true)) is not a character", at: offset)
    }
    decoded.append(contentsOf: Array(String(Character(scalar)).utf8))
    return offset + 2 + digits
  }

  func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  /// `${~` and `%{~` remove the whitespace at the end of the literal just before them.
  func stripTrailingWhitespace(_ parts: inout [HCLTemplatePart]) {
    guard case .literal(let text, let span)? = parts.last else { return }
    var trimmed = Substring(text)
    while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
    parts[parts.count - 1] = .literal(String(trimmed), span: span)
  }

  /// The byte width of the character (grapheme cluster) at `offset`; whitespace runs are single scalars.
  func characterWidth(at offset: Int, limit: Int) -> Int {
    let byte = bytes[offset]
    let width =
      switch byte {
      case 0xC0...0xDF: 2
      case 0xE0...0xEF: 3
      case 0xF0...0xF7: 4
      default: 1
      }
    return min(width, limit - offset)
  }

  // MARK: Flush heredocs

  /// For a `<<-` heredoc whose first body token is at `position`: finds the smallest indentation of its
  /// lines, counted in characters, the way `hclsyntax` does. Blank lines do not count, and a line that
  /// starts with an interpolation or directive has no indentation.
  mutating func computeFlushIndentation() {
    var smallest = Int.max
    var flushed: Set<Int> = []
    var nesting = 0
    var atLineStart = true
    var index = position
    scan: while index < tokens.count {
      let token = tokens[index]
      defer { index += 1 }
      if nesting > 0 {
        switch token.kind {
        case .templateInterpolation, .templateControl: nesting += 1
        case .templateSequenceEnd: nesting -= 1
        default: break
        }
        continue
      }
      switch token.kind {
      case .templateLiteral:
        if atLineStart {
          let text = self.text(token)
          let indentation = text.prefix(while: \.isWhitespace)
          let isBlank = indentation.endIndex == text.endIndex && text.hasSuffix("\n")
          if !isBlank {
            smallest = min(smallest, indentation.count)
            flushed.insert(index)
          }
        }
        atLineStart = bytes[token.span.end - 1] == UInt8(ascii: "\n")
      case .templateInterpolation, .templateControl:
        if atLineStart { smallest = 0 }
        atLineStart = false
        nesting += 1
      default:
        break scan
      }
    }
    template.flushIndentation = smallest == Int.max ? 0 : smallest
    template.flushedLiterals = flushed
  }
}
