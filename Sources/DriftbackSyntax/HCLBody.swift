/// The contents of a file or of a block: attributes and nested blocks in source order.
public struct HCLBody: Sendable, Hashable {
  /// Attributes and blocks in source order.
  public var items: [HCLBodyItem]
  /// For a file, the whole file; for a block, the bytes between its braces.
  public var span: ByteSpan

  /// Creates a body.
  public init(items: [HCLBodyItem], span: ByteSpan) {
    self.items = items
    self.span = span
  }

  /// The attributes in source order.
  public var attributes: [HCLAttribute] {
    items.compactMap { if case .attribute(let attribute) = $0 { attribute } else { nil } }
  }

  /// The blocks in source order.
  public var blocks: [HCLBlock] {
    items.compactMap { if case .block(let block) = $0 { block } else { nil } }
  }

  /// The attribute with the given name, if any (names are unique per body).
  public func attribute(named name: String) -> HCLAttribute? {
    for case .attribute(let attribute) in items where attribute.name == name { return attribute }
    return nil
  }

  /// The blocks of the given type in source order.
  public func blocks(ofType type: String) -> [HCLBlock] {
    items.compactMap { if case .block(let block) = $0, block.type == type { block } else { nil } }
  }
}

/// One item of a body.
public enum HCLBodyItem: Sendable, Hashable {
  case attribute(HCLAttribute)
  case block(HCLBlock)

  /// The span of the item.
  public var span: ByteSpan {
    switch self {
    case .attribute(let attribute): attribute.span
    case .block(let block): block.span
    }
  }
}

/// `name = expression`.
public struct HCLAttribute: Sendable, Hashable {
  /// The attribute name.
  public var name: String
  /// The span of the name.
  public var nameSpan: ByteSpan
  /// The span of the `=`, so that edits can align equals signs the way `terraform fmt` does.
  public var equalsSpan: ByteSpan
  /// The value.
  public var expression: HCLExpression
  /// From the first byte of the name to the last byte of the expression.
  public var span: ByteSpan

  /// Creates an attribute.
  public init(name: String, nameSpan: ByteSpan, equalsSpan: ByteSpan, expression: HCLExpression, span: ByteSpan) {
    self.name = name
    self.nameSpan = nameSpan
    self.equalsSpan = equalsSpan
    self.expression = expression
    self.span = span
  }
}

/// `type "label" label2 { body }`.
public struct HCLBlock: Sendable, Hashable {
  /// The block type, such as `resource`.
  public var type: String
  /// The span of the type name.
  public var typeSpan: ByteSpan
  /// The labels in order.
  public var labels: [HCLLabel]
  /// The block's contents.
  public var body: HCLBody
  /// The span of `{`.
  public var openBraceSpan: ByteSpan
  /// The span of `}`.
  public var closeBraceSpan: ByteSpan
  /// From the first byte of the type to the closing brace.
  public var span: ByteSpan

  /// Creates a block.
  public init(
    type: String, typeSpan: ByteSpan, labels: [HCLLabel], body: HCLBody, openBraceSpan: ByteSpan,
    closeBraceSpan: ByteSpan, span: ByteSpan
  ) {
    self.type = type
    self.typeSpan = typeSpan
    self.labels = labels
    self.body = body
    self.openBraceSpan = openBraceSpan
    self.closeBraceSpan = closeBraceSpan
    self.span = span
  }

  /// Whether the block was written on one line (`a { b = 1 }`).
  public func isSingleLine(in file: SourceFile) -> Bool {
    file.lineIndex(of: openBraceSpan.start) == file.lineIndex(of: closeBraceSpan.start)
  }
}

/// A block label: `"quoted"` or a bare identifier.
public struct HCLLabel: Sendable, Hashable {
  /// The decoded label.
  public var value: String
  /// The span, quotes included when quoted.
  public var span: ByteSpan
  /// Whether the label was written in quotes.
  public var isQuoted: Bool

  /// Creates a label.
  public init(value: String, span: ByteSpan, isQuoted: Bool) {
    self.value = value
    self.span = span
    self.isQuoted = isQuoted
  }
}
