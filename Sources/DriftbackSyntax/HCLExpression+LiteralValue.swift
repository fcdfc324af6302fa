/// A value written directly in the source, without references, calls or operators.
public enum HCLLiteralValue: Sendable, Hashable {
  case string(String)
  /// A number exactly as written, with a leading `-` when negated.
  case number(String)
  case bool(Bool)
  case null
}

extension HCLExpression {
  /// The value of a literal, or of a template whose parts are all literal text; `nil` for anything else.
  ///
  /// `-5` and `(5)` count as literals. Expressions that are not literals are never compared as if they
  /// were: callers keep them as opaque source ranges.
  public var literalValue: HCLLiteralValue? {
    switch kind {
    case .literal(.number(let text)): return .number(text)
    case .literal(.bool(let value)): return .bool(value)
    case .literal(.null): return .null
    case .template(let template):
      var text = ""
      for part in template.parts {
        guard case .literal(let piece, _) = part else { return nil }
        text += piece
      }
      return .string(text)
    case .unary(.negate, let operand):
      guard case .literal(.number(let text)) = operand.kind else { return nil }
      return .number(text.hasPrefix("-") ? String(text.dropFirst()) : "-" + text)
    case .parenthesized(let inner):
      return inner.literalValue
    default:
      return nil
    }
  }

  /// The string value of a literal-only template, or `nil`.
  public var stringValue: String? {
    if case .string(let text)? = literalValue { return text }
    return nil
  }

  /// The expression inside any parentheses.
  public var unparenthesized: HCLExpression {
    var current = self
    while case .parenthesized(let inner) = current.kind { current = inner }
    return current
  }
}
