import DriftbackSyntax

// Finding the syntax an origin points at.
extension HCLEditPlanner.Plan {
  /// The block with exactly this span, at any depth.
  static func block(spanning span: ByteSpan, in body: HCLBody) -> HCLBlock? {
    for block in body.blocks where block.span.contains(span) {
      if block.span == span { return block }
      if let inner = Self.block(spanning: span, in: block.body) { return inner }
    }
    return nil
  }

  /// The outermost expression with exactly this span, at any depth.
  static func expression(spanning span: ByteSpan, in body: HCLBody) -> HCLExpression? {
    for item in body.items where item.span.contains(span) {
      switch item {
      case .attribute(let attribute):
        if let found = expression(spanning: span, in: attribute.expression) { return found }
      case .block(let block):
        if let found = expression(spanning: span, in: block.body) { return found }
      }
    }
    return nil
  }

  static func expression(spanning span: ByteSpan, in expression: HCLExpression) -> HCLExpression? {
    guard expression.span.contains(span) else { return nil }
    if expression.span == span { return expression }
    for child in children(of: expression) {
      if let found = Self.expression(spanning: span, in: child) { return found }
    }
    return nil
  }

  /// The object item whose value has this span and whose key is `key`, at any depth.
  static func objectItem(valueSpan span: ByteSpan, key: String, in body: HCLBody) -> HCLObjectItem? {
    var found: HCLObjectItem?
    func visit(_ expression: HCLExpression) {
      guard found == nil, expression.span.contains(span) else { return }
      if case .object(let items) = expression.kind,
        let item = items.first(where: { $0.value.span == span && $0.keyName == key })
      {
        found = item
        return
      }
      children(of: expression).forEach(visit)
    }
    func visit(_ body: HCLBody) {
      for item in body.items where found == nil && item.span.contains(span) {
        switch item {
        case .attribute(let attribute): visit(attribute.expression)
        case .block(let block): visit(block.body)
        }
      }
    }
    visit(body)
    return found
  }

  /// The object literal a new key goes into: the expression itself, or the last object literal argument of
  /// `merge(…)` (later arguments win, so a key added there wins too).
  static func insertionObject(_ expression: HCLExpression) -> HCLExpression? {
    let bare = expression.unparenthesized
    switch bare.kind {
    case .object: return bare
    case .functionCall(let name, _, let arguments, let expands) where name == "merge" && !expands:
      return arguments.reversed().lazy.compactMap(insertionObject).first
    default: return nil
    }
  }

  /// Whether a literal expression already says `value`.
  static func literal(_ expression: HCLExpression, equals value: Value) -> Bool {
    switch expression.literalValue {
    case .string(let text)?: return value.string == text
    case .number(let text)?: return value.number != nil && value.number == Number(parsing: text)
    case .bool(let flag)?: return value.bool == flag
    case .null?: return value.isNull
    case nil: return false
    }
  }

  static func children(of expression: HCLExpression) -> [HCLExpression] {
    switch expression.kind {
    case .literal, .scopeTraversal: return []
    case .template(let template): return template.parts.flatMap(children(of:))
    case .tuple(let items): return items
    case .object(let items): return items.flatMap { [$0.key, $0.value] }
    case .relativeTraversal(let source, _), .splat(let source, _, _, _): return [source]
    case .functionCall(_, _, let arguments, _): return arguments
    case .conditional(let condition, let trueResult, let falseResult): return [condition, trueResult, falseResult]
    case .binary(_, let lhs, let rhs): return [lhs, rhs]
    case .unary(_, let operand), .parenthesized(let operand): return [operand]
    case .forExpression(let loop):
      return [loop.collection, loop.keyExpression, loop.valueExpression, loop.condition].compactMap { $0 }
    }
  }

  static func children(of part: HCLTemplatePart) -> [HCLExpression] {
    switch part {
    case .literal: return []
    case .interpolation(let interpolation): return [interpolation.expression]
    case .ifDirective(let directive):
      return [directive.condition] + (directive.trueParts + directive.falseParts).flatMap(children(of:))
    case .forDirective(let directive): return [directive.collection] + directive.bodyParts.flatMap(children(of:))
    }
  }
}
