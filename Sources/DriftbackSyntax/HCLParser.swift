/// A lossless parser for HCL native syntax (`.tf`, `.tfvars`, `.hcl`), following hashicorp/hcl's
/// `hclsyntax` specification.
///
/// The file is first split by ``HCLLexer`` into tokens that cover every byte, then a recursive-descent
/// parser builds the body tree with a byte span on every node. Recursion is bounded by
/// `ParseLimits.maxDepth` (nested blocks, brackets, templates and operators all count), so hostile input
/// gets an error, never a stack overflow. Like `hclsyntax`, the parser recovers after a bad body item and
/// goes on, so ``parseRecovering(_:)`` can report every syntax error of a file; ``parse(_:)`` throws the first.
public struct HCLParser: Sendable {
  /// The limits applied to every file.
  public var limits: ParseLimits

  /// Creates a parser.
  /// - Parameter limits: the largest file and deepest nesting accepted.
  public init(limits: ParseLimits = .default) {
    self.limits = limits
  }

  /// Parses a whole file.
  /// - Parameter file: the HCL source.
  /// - Returns: the body tree and the lossless token list.
  /// - Throws: the first syntax error as a `Diagnostic` of severity `.error`, located at the offending byte.
  public func parse(_ file: SourceFile) throws -> HCLFile {
    let result = try parseRecovering(file)
    if let first = result.diagnostics.first { throw first }
    return result.file
  }

  /// Parses a whole file, recovering after errors to find the next ones.
  /// - Parameter file: the HCL source.
  /// - Returns: the file as far as it could be parsed, and every syntax error found.
  /// - Throws: a `Diagnostic` when the file is larger than `limits.maxFileBytes`.
  public func parseRecovering(_ file: SourceFile) throws -> HCLParseResult {
    if file.bytes.count > limits.maxFileBytes {
      throw Diagnostic(.error, "file is larger than the limit of \(limits.maxFileBytes) bytes", file: file.path)
    }
    let tokens = HCLLexer().tokenize(file.bytes)
    var state = HCLParserState(source: file, tokens: tokens, maxDepth: limits.maxDepth)
    let body: HCLBody
    do {
      body = try state.parseBody(openBrace: nil)
    } catch let error as HCLParseError {
      state.diagnostics.append(error.diagnostic)
      body = HCLBody(items: [], span: ByteSpan(start: 0, end: file.bytes.count))
    } catch {
      state.diagnostics.append(Diagnostic(.error, "\(error)", in: file, at: 0))
      body = HCLBody(items: [], span: ByteSpan(start: 0, end: file.bytes.count))
    }
    return HCLParseResult(file: HCLFile(body: body, tokens: tokens, source: file), diagnostics: state.diagnostics)
  }
}

// MARK: - Errors

/// A syntax error that abandons the current body item; `isFatal` (the depth limit) abandons the file.
struct HCLParseError: Error {
  let diagnostic: Diagnostic
  let isFatal: Bool
}

// MARK: - State

/// Template decoding context, saved and restored around nested templates.
struct HCLTemplateContext {
  /// Quoted strings decode backslash escapes; heredocs do not.
  var isQuoted = true
  /// For a `<<-` heredoc: the indentation to remove and the literal tokens (by index) that start a line.
  var flushIndentation = 0
  var flushedLiterals: Set<Int> = []
  /// A `~}` was just read: the next literal loses its leading whitespace.
  var stripNextLiteral = false
}

/// The parser's position in the token list of one file.
struct HCLParserState {
  let source: SourceFile
  let bytes: [UInt8]
  let tokens: [HCLToken]
  let maxDepth: Int
  var position = 0
  var depth = 0
  /// Whether line breaks are significant here (bodies, object constructors) or skipped (brackets).
  var includeNewlines = true
  /// Set after the first recovery, to suppress follow-on errors the way `hclsyntax` does.
  var recovery = false
  var diagnostics: [Diagnostic] = []
  var template = HCLTemplateContext()

  init(source: SourceFile, tokens: [HCLToken], maxDepth: Int) {
    self.source = source
    self.bytes = source.bytes
    self.tokens = tokens
    self.maxDepth = maxDepth
  }

  // MARK: Token access

  /// The next significant token (skipping trivia, and line breaks where they do not count), or `nil` at
  /// the end of the file.
  mutating func peek() -> HCLToken? {
    while position < tokens.count {
      let kind = tokens[position].kind
      if kind == .whitespace || kind == .lineComment || kind == .blockComment
        || (kind == .newline && !includeNewlines)
      {
        position += 1
        continue
      }
      return tokens[position]
    }
    return nil
  }

  /// The kind of the next significant token.
  mutating func peekKind() -> HCLToken.Kind? { peek()?.kind }

  /// Consumes the token `peek()` returned.
  @discardableResult
  mutating func advance() -> HCLToken {
    let token = tokens[position]
    position += 1
    return token
  }

  /// Skips significant line breaks too.
  mutating func skipNewlines() {
    while peekKind() == .newline { position += 1 }
  }

  func text(_ token: HCLToken) -> String { text(token.span) }

  func text(_ span: ByteSpan) -> String { String(decoding: bytes[span.start..<span.end], as: UTF8.self) }

  func isKeyword(_ token: HCLToken?, _ keyword: StaticString) -> Bool {
    guard let token, token.kind == .identifier, token.span.count == keyword.utf8CodeUnitCount else { return false }
    let pointer = keyword.utf8Start
    for index in 0..<token.span.count where bytes[token.span.start + index] != pointer[index] { return false }
    return true
  }

  var endOffset: Int { bytes.count }

  // MARK: Errors and limits

  func error(_ message: String, at offset: Int) -> HCLParseError {
    HCLParseError(diagnostic: Diagnostic(.error, message, in: source, at: offset), isFatal: false)
  }

  mutating func report(_ message: String, at offset: Int) {
    diagnostics.append(Diagnostic(.error, message, in: source, at: offset))
  }

  /// An error at the next significant token, naming what was found there.
  mutating func expected(_ what: String) -> HCLParseError {
    let token = peek()
    return error("expected \(what), found \(describe(token))", at: token?.span.start ?? endOffset)
  }

  /// How a token is named in messages.
  func describe(_ token: HCLToken?) -> String {
    guard let token else { return "the end of the file" }
    switch token.kind {
    case .newline: return "a line break"
    case .openQuote: return "a string"
    case .heredocStart: return "a heredoc"
    case .templateLiteral: return "template text"
    case .invalid: return invalidTokenMessage(token)
    default:
      let text = text(token)
      return "\"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
    }
  }

  func invalidTokenMessage(_ token: HCLToken) -> String {
    let text = text(token)
    if text.hasPrefix("/*") { return "an unterminated comment (no closing \"*/\")" }
    if text.hasPrefix("<<") {
      return "an invalid heredoc introducer (expected <<EOT or <<-EOT followed by a line break)"
    }
    if text == "&" { return "the invalid character \"&\" (did you mean \"&&\"?)" }
    if text == "|" { return "the invalid character \"|\" (did you mean \"||\"?)" }
    if text == "~" { return "a strip marker \"~\" outside a template sequence" }
    return "the invalid character \"\(text)\""
  }

  /// Enters one level of nesting, failing the whole parse beyond `maxDepth`.
  mutating func enter(at offset: Int) throws {
    guard depth < maxDepth else {
      throw HCLParseError(
        diagnostic: Diagnostic(
          .error, "nesting is deeper than the limit of \(maxDepth) levels", in: source, at: offset),
        isFatal: true)
    }
    depth += 1
  }

  // MARK: - Bodies

  /// Parses body items until the end of the file (`openBrace == nil`) or a `}` (left unconsumed).
  mutating func parseBody(openBrace: HCLToken?) throws -> HCLBody {
    try enter(at: openBrace?.span.start ?? 0)
    defer { depth -= 1 }
    let savedNewlines = includeNewlines
    includeNewlines = true
    defer { includeNewlines = savedNewlines }
    let start = openBrace?.span.end ?? 0
    var items: [HCLBodyItem] = []
    var attributeNames: [String: ByteSpan] = [:]
    while true {
      includeNewlines = true
      skipNewlines()
      guard let token = peek() else {
        if let openBrace {
          report(
            "unclosed configuration block: there is no closing brace for this block before the end of the file",
            at: openBrace.span.start)
        }
        return HCLBody(items: items, span: ByteSpan(start: start, end: endOffset))
      }
      if token.kind == .closeBrace, openBrace != nil {
        return HCLBody(items: items, span: ByteSpan(start: start, end: token.span.start))
      }
      guard token.kind == .identifier else {
        if !recovery {
          let message =
            token.kind == .openQuote
            ? "invalid argument name: argument names must not be quoted"
            : "argument or block definition required, found \(describe(token))"
          report(message, at: token.span.start)
        }
        recoverAfterBodyItem()
        continue
      }
      do {
        guard let item = try parseBodyItem() else { continue }
        if case .attribute(let attribute) = item {
          if let previous = attributeNames[attribute.name] {
            let location = source.location(of: previous.start)
            report(
              "attribute redefined: the argument \"\(attribute.name)\" was already set at line \(location.line), "
                + "column \(location.column); each argument may be set only once",
              at: attribute.nameSpan.start)
          } else {
            attributeNames[attribute.name] = attribute.nameSpan
          }
        }
        items.append(item)
      } catch let error as HCLParseError where !error.isFatal {
        diagnostics.append(error.diagnostic)
        recovery = true
        recoverAfterBodyItem()
      }
    }
  }

  /// Parses an attribute or a block starting at an identifier; `nil` when it was dropped after an error.
  mutating func parseBodyItem() throws -> HCLBodyItem? {
    let name = advance()
    guard let next = peek() else {
      throw error("expected \"=\" or a block after \"\(text(name))\", found the end of the file", at: endOffset)
    }
    switch next.kind {
    case .equals:
      return .attribute(try parseAttribute(name: name, singleLine: false))
    case .openQuote, .identifier, .openBrace:
      return try parseBlock(type: name).map(HCLBodyItem.block)
    default:
      throw error(
        "invalid argument or block definition: expected \"=\" to set the argument \"\(text(name))\", or labels "
          + "and \"{\" to open a block, found \(describe(next))", at: next.span.start)
    }
  }

  /// Parses `= expression` after `name`, and, unless in a one-line block, the line break that ends it.
  mutating func parseAttribute(name: HCLToken, singleLine: Bool) throws -> HCLAttribute {
    let equals = advance()
    let expression = try parseExpression()
    let attribute = HCLAttribute(
      name: text(name), nameSpan: name.span, equalsSpan: equals.span, expression: expression,
      span: ByteSpan(start: name.span.start, end: expression.span.end))
    if singleLine { return attribute }
    guard let end = peek() else { return attribute }
    if end.kind == .newline {
      advance()
    } else {
      if !recovery {
        if end.kind == .comma {
          report(
            "unexpected comma after argument: argument definitions must be separated by line breaks, not commas",
            at: end.span.start)
        } else {
          report("missing line break after argument: found \(describe(end))", at: end.span.start)
        }
      }
      recovery = true
      recoverAfterBodyItem()
    }
    return attribute
  }

  /// Parses labels, braces and body after a block type.
  mutating func parseBlock(type: HCLToken) throws -> HCLBlock? {
    var labels: [HCLLabel] = []
    while let token = peek(), token.kind != .openBrace {
      switch token.kind {
      case .identifier:
        advance()
        labels.append(HCLLabel(value: text(token), span: token.span, isQuoted: false))
      case .openQuote:
        let label = try parseQuotedTemplate()
        guard case .template(let template) = label.kind, let value = label.stringValue else {
          throw error("invalid block label: template sequences are not allowed in a label", at: label.span.start)
        }
        _ = template
        labels.append(HCLLabel(value: value, span: label.span, isQuoted: true))
      default:
        throw error(
          "invalid block definition: expected a label or \"{\" after the block type \"\(text(type))\", found "
            + describe(token), at: token.span.start)
      }
    }
    guard peekKind() == .openBrace else {
      throw error(
        "invalid block definition: expected \"{\" to open the block body, found the end of the file", at: endOffset)
    }
    let openBrace = advance()
    let body: HCLBody
    var closeBraceSpan = ByteSpan(start: endOffset, end: endOffset)
    let first = peekKind()
    if first == nil || first == .newline || first == .closeBrace {
      body = try parseBody(openBrace: openBrace)
      if peekKind() == .closeBrace { closeBraceSpan = advance().span }
    } else {
      body = try parseSingleAttributeBody(openBrace: openBrace)
      switch peekKind() {
      case .closeBrace?:
        closeBraceSpan = advance().span
      case .comma?:
        report(
          "invalid single-argument block definition: a single-line block can contain only one argument; "
            + "use one line per argument", at: peek()?.span.start ?? endOffset)
        closeBraceSpan = recoverToCloseBrace()
      case .newline?:
        report(
          "invalid single-argument block definition: a single-line block must be closed on the same line, "
            + "right after its argument", at: peek()?.span.start ?? endOffset)
        closeBraceSpan = recoverToCloseBrace()
      default:
        if !recovery {
          let found = peek()
          report(
            "invalid single-argument block definition: expected \"}\" after the argument, found \(describe(found))",
            at: found?.span.start ?? endOffset)
        }
        closeBraceSpan = recoverToCloseBrace()
      }
    }
    let block = HCLBlock(
      type: text(type), typeSpan: type.span, labels: labels, body: body, openBraceSpan: openBrace.span,
      closeBraceSpan: closeBraceSpan, span: ByteSpan(start: type.span.start, end: closeBraceSpan.end))
    if let end = peek(), end.kind != .newline {
      if !recovery {
        report("missing line break after block definition: found \(describe(end))", at: end.span.start)
      }
      recovery = true
      recoverAfterBodyItem()
    } else if peek() != nil {
      advance()
    }
    return block
  }

  /// The body of `a { b = 1 }`: exactly one attribute, no nested block.
  mutating func parseSingleAttributeBody(openBrace: HCLToken) throws -> HCLBody {
    let start = openBrace.span.end
    guard let name = peek(), name.kind == .identifier else {
      let found = peek()
      recoverAfterBodyItem()
      report("argument definition required, found \(describe(found))", at: found?.span.start ?? endOffset)
      recovery = true
      return HCLBody(items: [], span: ByteSpan(start: start, end: start))
    }
    advance()
    let next = peek()
    switch next?.kind {
    case .equals?:
      let attribute = try parseAttribute(name: name, singleLine: true)
      return HCLBody(items: [.attribute(attribute)], span: ByteSpan(start: start, end: attribute.span.end))
    case .openQuote?, .openBrace?, .identifier?:
      recoverAfterBodyItem()
      report(
        "argument definition required: a single-line block definition can contain only a single argument; "
          + "place a nested block on a line of its own", at: name.span.start)
      recovery = true
      return HCLBody(items: [], span: ByteSpan(start: start, end: start))
    default:
      recoverAfterBodyItem()
      report("argument or block definition required, found \(describe(next))", at: next?.span.start ?? endOffset)
      recovery = true
      return HCLBody(items: [], span: ByteSpan(start: start, end: start))
    }
  }

  // MARK: - Recovery

  /// Skips to the line break that ends the current body item, keeping brackets and templates balanced.
  mutating func recoverAfterBodyItem() {
    recovery = true
    var open: [HCLToken.Kind] = []
    while position < tokens.count {
      let kind = tokens[position].kind
      position += 1
      switch kind {
      case .newline:
        if open.isEmpty { return }
      case .openBrace, .openBracket, .openParen, .openQuote, .heredocStart, .templateInterpolation,
        .templateControl:
        open.append(kind)
      case .closeBrace, .closeBracket, .closeParen, .closeQuote, .heredocEnd:
        let opener: HCLToken.Kind =
          switch kind {
          case .closeBrace: .openBrace
          case .closeBracket: .openBracket
          case .closeParen: .openParen
          case .closeQuote: .openQuote
          default: .heredocStart
          }
        popUntil(opener, in: &open)
      case .templateSequenceEnd:
        while let last = open.last, last != .templateInterpolation, last != .templateControl { open.removeLast() }
        if !open.isEmpty { open.removeLast() }
      default:
        break
      }
    }
  }

  private func popUntil(_ opener: HCLToken.Kind, in open: inout [HCLToken.Kind]) {
    while let last = open.last, last != opener { open.removeLast() }
    if !open.isEmpty { open.removeLast() }
  }

  /// Skips to the `}` that closes the current block; returns its span (empty at the end of the file).
  mutating func recoverToCloseBrace() -> ByteSpan {
    recovery = true
    var nesting = 0
    while position < tokens.count {
      let token = tokens[position]
      position += 1
      if token.kind == .openBrace {
        nesting += 1
      } else if token.kind == .closeBrace {
        if nesting == 0 { return token.span }
        nesting -= 1
      }
    }
    return ByteSpan(start: endOffset, end: endOffset)
  }
}
