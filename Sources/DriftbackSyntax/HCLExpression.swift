/// An HCL expression with the span of its source text.
public struct HCLExpression: Sendable, Hashable {
  /// What the expression is.
  public indirect enum Kind: Sendable, Hashable {
    /// A number, bool or null.
    case literal(HCLLiteral)
    /// A quoted string or heredoc; HCL has no other strings.
    case template(HCLTemplate)
    /// `[a, b]`.
    case tuple([HCLExpression])
    /// `{k = v, "k2": v, (expr) = v}`.
    case object([HCLObjectItem])
    /// A variable reference such as `var.x`, `aws_s3_bucket.b.arn` or `count.index`.
    case scopeTraversal(root: String, rootSpan: ByteSpan, traversers: [HCLTraverser])
    /// Traversal steps applied to another expression: `f(x)[0].id`, `(a).b`.
    case relativeTraversal(source: HCLExpression, traversers: [HCLTraverser])
    /// `x.*.a` (`isFull` false) or `x[*].a` (`isFull` true): `traversers` apply to every element.
    case splat(source: HCLExpression, isFull: Bool, markerSpan: ByteSpan, traversers: [HCLTraverser])
    /// `name(args)`; `name` may be namespaced (`provider::aws::arn_parse`).
    case functionCall(name: String, nameSpan: ByteSpan, arguments: [HCLExpression], expandsFinalArgument: Bool)
    /// `condition ? trueResult : falseResult`.
    case conditional(condition: HCLExpression, trueResult: HCLExpression, falseResult: HCLExpression)
    /// `lhs op rhs`.
    case binary(HCLBinaryOperator, HCLExpression, HCLExpression)
    /// `!x` or `-x`.
    case unary(HCLUnaryOperator, HCLExpression)
    /// `(x)`.
    case parenthesized(HCLExpression)
    /// `[for …]` or `{for …}`.
    case forExpression(HCLForExpression)
  }

  /// What the expression is.
  public var kind: Kind
  /// The source text of the expression.
  public var span: ByteSpan

  /// Creates an expression.
  public init(_ kind: Kind, span: ByteSpan) {
    self.kind = kind
    self.span = span
  }
}

/// A literal value that is not a string.
public enum HCLLiteral: Sendable, Hashable {
  /// A number exactly as written (HCL numbers are arbitrary precision).
  case number(String)
  case bool(Bool)
  case null
}

/// One step of a traversal.
public enum HCLTraverser: Sendable, Hashable {
  /// `.name`.
  case attribute(name: String, span: ByteSpan)
  /// `[expr]`; the span includes the brackets.
  case index(HCLExpression, span: ByteSpan)
  /// `.0`, the legacy index syntax inherited from HIL; the span includes the dot.
  case legacyIndex(Int, span: ByteSpan)
  /// A nested splat after a full splat (`x[*].a[*].b`): `.*` or `[*]`.
  case splat(isFull: Bool, span: ByteSpan)

  /// The span of the step.
  public var span: ByteSpan {
    switch self {
    case .attribute(_, let span), .index(_, let span), .legacyIndex(_, let span), .splat(_, let span): span
    }
  }
}

/// Binary operators, by HCL precedence (lowest first): `||`; `&&`; `==` `!=`; `<` `>` `<=` `>=`; `+` `-`;
/// `*` `/` `%`.
public enum HCLBinaryOperator: String, Sendable, Hashable, CaseIterable {
  case or = "||"
  case and = "&&"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case greater = ">"
  case lessOrEqual = "<="
  case greaterOrEqual = ">="
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case modulo = "%"

  /// Binding strength: higher binds tighter.
  public var precedence: Int {
    switch self {
    case .or: 1
    case .and: 2
    case .equal, .notEqual: 3
    case .less, .greater, .lessOrEqual, .greaterOrEqual: 4
    case .add, .subtract: 5
    case .multiply, .divide, .modulo: 6
    }
  }
}

/// Unary operators.
public enum HCLUnaryOperator: String, Sendable, Hashable {
  case not = "!"
  case negate = "-"
}

/// One item of an object constructor.
public struct HCLObjectItem: Sendable, Hashable {
  /// The key: a bare identifier (a scope traversal with no steps), a template, or any expression.
  public var key: HCLExpression
  /// The value.
  public var value: HCLExpression
  /// The span of the `=` or `:` between them.
  public var separatorSpan: ByteSpan

  /// Creates an item.
  public init(key: HCLExpression, value: HCLExpression, separatorSpan: ByteSpan) {
    self.key = key
    self.value = value
    self.separatorSpan = separatorSpan
  }

  /// The key as a name, when it is a bare identifier or a literal: `a = 1` and `"a" = 1` both give `a`.
  public var keyName: String? {
    if case .scopeTraversal(let root, _, let traversers) = key.kind, traversers.isEmpty { return root }
    switch key.literalValue {
    case .string(let text)?: return text
    case .number(let text)?: return text
    case .bool(let value)?: return value ? "true" : "false"
    case .null?, nil: return nil
    }
  }
}

/// `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`.
public struct HCLForExpression: Sendable, Hashable {
  /// The key (or index) variable, when two variables are given.
  public var keyVariable: String?
  /// The value variable.
  public var valueVariable: String
  /// The collection iterated over.
  public var collection: HCLExpression
  /// The key expression of the object form; `nil` for the tuple form.
  public var keyExpression: HCLExpression?
  /// The value expression.
  public var valueExpression: HCLExpression
  /// The `if` filter.
  public var condition: HCLExpression?
  /// Whether `...` groups values with the same key (object form only).
  public var isGrouping: Bool
  /// Whether this is the object form `{for …}`.
  public var isObject: Bool

  /// Creates a for expression.
  public init(
    keyVariable: String?, valueVariable: String, collection: HCLExpression, keyExpression: HCLExpression?,
    valueExpression: HCLExpression, condition: HCLExpression?, isGrouping: Bool, isObject: Bool
  ) {
    self.keyVariable = keyVariable
    self.valueVariable = valueVariable
    self.collection = collection
    self.keyExpression = keyExpression
    self.valueExpression = valueExpression
    self.condition = condition
    self.isGrouping = isGrouping
    self.isObject = isObject
  }
}
