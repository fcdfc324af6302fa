// MARK: - Expressions

extension HCLParserState {
  /// Parses a full expression: a conditional or anything that binds tighter.
  mutating func parseExpression() throws -> HCLExpression {
    try enter(at: peek()?.span.start ?? endOffset)
    defer { depth -= 1 }
    let condition = try parseBinary(precedence: 1)
    guard peekKind() == .question else { return condition }
    advance()
    let trueResult = try parseExpression()
    guard peekKind() == .colon else { throw expected("\":\" in the conditional expression") }
    advance()
    let falseResult = try parseExpression()
    return HCLExpression(
      .conditional(condition: condition, trueResult: trueResult, falseResult: falseResult),
      span: ByteSpan(start: condition.span.start, end: falseResult.span.end))
  }

  /// Parses left-associative binary operators of `precedence` and tighter.
  mutating func parseBinary(precedence: Int) throws -> HCLExpression {
    if precedence > 6 { return try parseUnary() }
    var lhs = try parseBinary(precedence: precedence + 1)
    while let kind = peekKind(), let op = Self.binaryOperator(kind), op.precedence == precedence {
      advance()
      let rhs = try parseBinary(precedence: precedence + 1)
      lhs = HCLExpression(.binary(op, lhs, rhs), span: ByteSpan(start: lhs.span.start, end: rhs.span.end))
    }
    return lhs
  }

  static func binaryOperator(_ kind: HCLToken.Kind) -> HCLBinaryOperator? {
    switch kind {
    case .or: .or
    case .and: .and
    case .equalEqual: .equal
    case .notEqual: .notEqual
    case .less: .less
    case .greater: .greater
    case .lessEqual: .lessOrEqual
    case .greaterEqual: .greaterOrEqual
    case .plus: .add
    case .minus: .subtract
    case .star: .multiply
    case .slash: .divide
    case .percent: .modulo
    default: nil
    }
  }

  mutating func parseUnary() throws -> HCLExpression {
    guard let token = peek(), token.kind == .bang || token.kind == .minus else {
      return try parseTraversals(try parsePrimary())
    }
    advance()
    try enter(at: token.span.start)
    defer { depth -= 1 }
    let operand = try parseUnary()
    return HCLExpression(
      .unary(token.kind == .bang ? .not : .negate, operand),
      span: ByteSpan(start: token.span.start, end: operand.span.end))
  }

  // MARK: Primary expressions

  mutating func parsePrimary() throws -> HCLExpression {
    guard let token = peek() else { throw expected("an expression") }
    switch token.kind {
    case .number:
      advance()
      return HCLExpression(.literal(.number(text(token))), span: token.span)
    case .identifier:
      if isKeyword(token, "true") || isKeyword(token, "false") {
        advance()
        return HCLExpression(.literal(.bool(isKeyword(token, "true"))), span: token.span)
      }
      if isKeyword(token, "null") {
        advance()
        return HCLExpression(.literal(.null), span: token.span)
      }
      return try parseIdentifierExpression()
    case .openParen:
      advance()
      let savedNewlines = includeNewlines
      includeNewlines = false
      defer { includeNewlines = savedNewlines }
      let inner = try parseExpression()
      guard peekKind() == .closeParen else { throw expected("\")\" to close the parenthesis") }
      let close = advance()
      return HCLExpression(.parenthesized(inner), span: ByteSpan(start: token.span.start, end: close.span.end))
    case .openBracket:
      return try parseTuple()
    case .openBrace:
      return try parseObject()
    case .openQuote:
      return try parseQuotedTemplate()
    case .heredocStart:
      return try parseHeredoc()
    default:
      throw expected("the start of an expression")
    }
  }

  /// A variable reference or a function call (`name(`, `ns::name(`).
  mutating func parseIdentifierExpression() throws -> HCLExpression {
    let first = advance()
    var nameEnd = first.span.end
    // Provider-defined functions: `provider::aws::arn_parse(…)`, written without spaces.
    var lookahead = position
    while lookahead + 2 < tokens.count, tokens[lookahead].kind == .colon, tokens[lookahead + 1].kind == .colon,
      tokens[lookahead + 2].kind == .identifier, tokens[lookahead].span.start == nameEnd
    {
      nameEnd = tokens[lookahead + 2].span.end
      lookahead += 3
    }
    if nameEnd != first.span.end {
      position = lookahead
      guard peekKind() == .openParen else { throw expected("\"(\" after the function name") }
    }
    if peekKind() == .openParen {
      return try parseFunctionCall(nameSpan: ByteSpan(start: first.span.start, end: nameEnd))
    }
    return HCLExpression(.scopeTraversal(root: text(first), rootSpan: first.span, traversers: []), span: first.span)
  }

  mutating func parseFunctionCall(nameSpan: ByteSpan) throws -> HCLExpression {
    let open = advance()
    let savedNewlines = includeNewlines
    includeNewlines = false
    defer { includeNewlines = savedNewlines }
    var arguments: [HCLExpression] = []
    var expands = false
    while peekKind() != .closeParen {
      guard peek() != nil else {
        throw error("unterminated function call: no \")\" closes the \"(\"", at: open.span.start)
      }
      arguments.append(try parseExpression())
      if peekKind() == .ellipsis {
        advance()
        expands = true
        if peekKind() == .comma { advance() }
        guard peekKind() == .closeParen else { throw expected("\")\" after the expanded final argument \"...\"") }
        break
      }
      if peekKind() == .comma {
        advance()
      } else if peek() == nil {
        throw error("unterminated function call: no \")\" closes the \"(\"", at: open.span.start)
      } else if peekKind() != .closeParen {
        throw expected("\",\" or \")\" after the function argument")
      }
    }
    let close = advance()
    return HCLExpression(
      .functionCall(name: text(nameSpan), nameSpan: nameSpan, arguments: arguments, expandsFinalArgument: expands),
      span: ByteSpan(start: nameSpan.start, end: close.span.end))
  }

  mutating func parseTuple() throws -> HCLExpression {
    let open = advance()
    let savedNewlines = includeNewlines
    includeNewlines = false
    defer { includeNewlines = savedNewlines }
    if isKeyword(peek(), "for") { return try parseFor(open: open, isObject: false) }
    var items: [HCLExpression] = []
    while peekKind() != .closeBracket {
      guard peek() != nil else { throw error("unterminated tuple: no \"]\" closes the \"[\"", at: open.span.start) }
      items.append(try parseExpression())
      if peekKind() == .comma {
        advance()
      } else if peek() == nil {
        throw error("unterminated tuple: no \"]\" closes the \"[\"", at: open.span.start)
      } else if peekKind() != .closeBracket {
        throw expected("\",\" or \"]\" after the tuple element")
      }
    }
    let close = advance()
    return HCLExpression(.tuple(items), span: ByteSpan(start: open.span.start, end: close.span.end))
  }

  mutating func parseObject() throws -> HCLExpression {
    let open = advance()
    let savedNewlines = includeNewlines
    includeNewlines = true
    defer { includeNewlines = savedNewlines }
    skipNewlines()
    if isKeyword(peek(), "for") {
      includeNewlines = false
      return try parseFor(open: open, isObject: true)
    }
    var items: [HCLObjectItem] = []
    while true {
      skipNewlines()
      guard let token = peek() else {
        throw error("unterminated object: no \"}\" closes the \"{\"", at: open.span.start)
      }
      if token.kind == .closeBrace { break }
      let key = try parseExpression()
      guard let separator = peek(), separator.kind == .equals || separator.kind == .colon else {
        throw expected("\"=\" after the object key")
      }
      advance()
      let value = try parseExpression()
      items.append(HCLObjectItem(key: key, value: value, separatorSpan: separator.span))
      switch peekKind() {
      case .comma?, .newline?: advance()
      case .closeBrace?: break
      default: throw expected("a line break or \",\" after the object item")
      }
    }
    let close = advance()
    return HCLExpression(.object(items), span: ByteSpan(start: open.span.start, end: close.span.end))
  }

  /// `k, v in` or `v in` after `for`: the key and value variable names.
  mutating func parseForVariables() throws -> (key: String?, value: String) {
    var keyVariable: String?
    var valueVariable = try expectIdentifier("a variable name after \"for\"")
    if peekKind() == .comma {
      advance()
      keyVariable = valueVariable
      valueVariable = try expectIdentifier("a second variable name after \",\"")
    }
    guard isKeyword(peek(), "in") else { throw expected("\"in\" after the for variables") }
    advance()
    return (keyVariable, valueVariable)
  }

  /// `[for …]` or `{for …}`, at `for`; line breaks are already ignored.
  mutating func parseFor(open: HCLToken, isObject: Bool) throws -> HCLExpression {
    advance()
    let (keyVariable, valueVariable) = try parseForVariables()
    let collection = try parseExpression()
    guard peekKind() == .colon else { throw expected("\":\" after the for collection") }
    advance()
    var keyExpression: HCLExpression?
    if isObject {
      keyExpression = try parseExpression()
      guard peekKind() == .fatArrow else { throw expected("\"=>\" after the key of the object for expression") }
      advance()
    }
    let valueExpression = try parseExpression()
    var grouping = false
    if isObject, peekKind() == .ellipsis {
      advance()
      grouping = true
    }
    var condition: HCLExpression?
    if isKeyword(peek(), "if") {
      advance()
      condition = try parseExpression()
    }
    let closer: HCLToken.Kind = isObject ? .closeBrace : .closeBracket
    guard peekKind() == closer else {
      throw expected(isObject ? "\"}\" to close the for expression" : "\"]\" to close the for expression")
    }
    let close = advance()
    let forExpression = HCLForExpression(
      keyVariable: keyVariable, valueVariable: valueVariable, collection: collection, keyExpression: keyExpression,
      valueExpression: valueExpression, condition: condition, isGrouping: grouping, isObject: isObject)
    return HCLExpression(.forExpression(forExpression), span: ByteSpan(start: open.span.start, end: close.span.end))
  }

  mutating func expectIdentifier(_ what: String) throws -> String {
    guard let token = peek(), token.kind == .identifier else { throw expected(what) }
    advance()
    return text(token)
  }

  // MARK: Traversals and splats

  /// Applies `.name`, `.0`, `[index]`, `.*` and `[*]` steps to `source`.
  mutating func parseTraversals(_ source: HCLExpression) throws -> HCLExpression {
    var base = source
    var steps: [HCLTraverser] = []
    while let token = peek() {
      if token.kind == .dot {
        advance()
        guard let next = peek() else { throw expected("an attribute name after \".\"") }
        if next.kind == .star {
          advance()
          base = fold(base, steps)
          steps = []
          var splatSteps: [HCLTraverser] = []
          // An attribute-only splat takes only attribute and legacy-index steps.
          while peekKind() == .dot {
            let dot = advance()
            guard let step = try parseDotStep(dot: dot, allowSplat: false) else { break }
            splatSteps.append(step)
          }
          let markerSpan = ByteSpan(start: token.span.start, end: next.span.end)
          base = HCLExpression(
            .splat(source: base, isFull: false, markerSpan: markerSpan, traversers: splatSteps),
            span: ByteSpan(start: base.span.start, end: splatSteps.last?.span.end ?? markerSpan.end))
          continue
        }
        guard let step = try parseDotStep(dot: token, allowSplat: false) else {
          throw expected("an attribute name after \".\"")
        }
        steps.append(step)
      } else if token.kind == .openBracket {
        if let markerSpan = fullSplatMarker() {
          base = fold(base, steps)
          steps = []
          let splatSteps = try parseSplatSteps()
          return HCLExpression(
            .splat(source: base, isFull: true, markerSpan: markerSpan, traversers: splatSteps),
            span: ByteSpan(start: base.span.start, end: splatSteps.last?.span.end ?? markerSpan.end))
        }
        steps.append(try parseIndexStep())
      } else {
        break
      }
    }
    return fold(base, steps)
  }

  /// After a `.`: an attribute name or a legacy index; `nil` (nothing consumed) when neither follows.
  mutating func parseDotStep(dot: HCLToken, allowSplat: Bool) throws -> HCLTraverser? {
    guard let next = peek() else { return nil }
    switch next.kind {
    case .identifier:
      advance()
      return .attribute(name: text(next), span: ByteSpan(start: dot.span.start, end: next.span.end))
    case .number:
      advance()
      guard let index = Int(text(next)) else {
        throw error("invalid legacy index \"\(text(next))\": expected a whole number", at: next.span.start)
      }
      return .legacyIndex(index, span: ByteSpan(start: dot.span.start, end: next.span.end))
    case .star where allowSplat:
      advance()
      return .splat(isFull: false, span: ByteSpan(start: dot.span.start, end: next.span.end))
    default:
      throw expected("an attribute name after \".\"")
    }
  }

  /// At `[`: consumes `[*]` and returns its span, or consumes nothing and returns `nil`.
  mutating func fullSplatMarker() -> ByteSpan? {
    let open = position
    var index = open + 1
    func skip(_ index: inout Int) {
      while index < tokens.count, tokens[index].isTrivia || tokens[index].kind == .newline { index += 1 }
    }
    skip(&index)
    guard index < tokens.count, tokens[index].kind == .star else { return nil }
    index += 1
    skip(&index)
    guard index < tokens.count, tokens[index].kind == .closeBracket else { return nil }
    position = index + 1
    return ByteSpan(start: tokens[open].span.start, end: tokens[index].span.end)
  }

  /// `[index]`, at `[`.
  mutating func parseIndexStep() throws -> HCLTraverser {
    let open = advance()
    let savedNewlines = includeNewlines
    includeNewlines = false
    defer { includeNewlines = savedNewlines }
    let key = try parseExpression()
    guard peekKind() == .closeBracket else { throw expected("\"]\" to close the index") }
    let close = advance()
    return .index(key, span: ByteSpan(start: open.span.start, end: close.span.end))
  }

  /// Every step after a full splat, nested splats included.
  mutating func parseSplatSteps() throws -> [HCLTraverser] {
    var steps: [HCLTraverser] = []
    while let token = peek() {
      if token.kind == .dot {
        advance()
        guard let step = try parseDotStep(dot: token, allowSplat: true) else {
          throw expected("an attribute name after \".\"")
        }
        steps.append(step)
      } else if token.kind == .openBracket {
        if let markerSpan = fullSplatMarker() {
          steps.append(.splat(isFull: true, span: markerSpan))
        } else {
          steps.append(try parseIndexStep())
        }
      } else {
        break
      }
    }
    return steps
  }

  /// Attaches pending steps to their source: a bare name becomes a scope traversal, anything else a
  /// relative traversal.
  func fold(_ base: HCLExpression, _ steps: [HCLTraverser]) -> HCLExpression {
    guard let last = steps.last else { return base }
    let span = ByteSpan(start: base.span.start, end: last.span.end)
    if case .scopeTraversal(let root, let rootSpan, let existing) = base.kind {
      return HCLExpression(.scopeTraversal(root: root, rootSpan: rootSpan, traversers: existing + steps), span: span)
    }
    return HCLExpression(.relativeTraversal(source: base, traversers: steps), span: span)
  }
}
