/// One node of a lossless YAML or JSON document. The document text itself is never re-printed: every
/// node keeps the byte span it came from, so edits are applied to the original bytes.
public struct SyntaxNode: Sendable {
  /// How a scalar was written.
  public enum ScalarStyle: UInt8, Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
  }

  /// Whether a collection was written in block (indented) or flow (`{}`/`[]`) style.
  public enum CollectionStyle: UInt8, Sendable, Hashable {
    case block, flow
  }

  /// A mapping entry with the key and value nodes.
  public struct Entry: Sendable {
    /// The key node (a scalar for every document driftback accepts).
    public var key: SyntaxNode
    /// The value node.
    public var value: SyntaxNode

    /// Creates an entry.
    public init(key: SyntaxNode, value: SyntaxNode) {
      self.key = key
      self.value = value
    }
  }

  /// The content of a node.
  public enum Content: Sendable {
    /// A scalar: its decoded text and how it was written.
    case scalar(String, ScalarStyle)
    /// A mapping in source order.
    case mapping([Entry], CollectionStyle)
    /// A sequence in source order.
    case sequence([SyntaxNode], CollectionStyle)
  }

  /// The content.
  public var content: Content
  /// The bytes the node covers. For block collections this ends at the end of the last child, so it
  /// never swallows trailing comments; it includes a leading anchor or tag.
  public var span: ByteSpan
  /// The explicit tag (`!!str`, `!Ref`), expanded (`tag:yaml.org,2002:str`) for the standard ones.
  public var tag: String?
  /// The anchor defined on this node (`&name`), if any.
  public var anchor: String?
  /// When this node is a copy produced by an alias (`*name`), the span of that alias.
  public var aliasSpan: ByteSpan?

  /// Creates a node.
  public init(
    content: Content, span: ByteSpan, tag: String? = nil, anchor: String? = nil, aliasSpan: ByteSpan? = nil
  ) {
    self.content = content
    self.span = span
    self.tag = tag
    self.anchor = anchor
    self.aliasSpan = aliasSpan
  }

  /// The scalar text, when this is a scalar.
  public var scalarValue: String? {
    if case .scalar(let text, _) = content { return text }
    return nil
  }

  /// The scalar style, when this is a scalar.
  public var scalarStyle: ScalarStyle? {
    if case .scalar(_, let style) = content { return style }
    return nil
  }

  /// The entries, when this is a mapping.
  public var entries: [Entry]? {
    if case .mapping(let entries, _) = content { return entries }
    return nil
  }

  /// The items, when this is a sequence.
  public var items: [SyntaxNode]? {
    if case .sequence(let items, _) = content { return items }
    return nil
  }

  /// The value of the first entry whose key is the plain scalar `key`.
  public subscript(key: String) -> SyntaxNode? {
    guard case .mapping(let entries, _) = content else { return nil }
    return entries.first { $0.key.scalarValue == key }?.value
  }

  /// Number of nodes in this subtree, this one included.
  public var nodeCount: Int {
    switch content {
    case .scalar: 1
    case .mapping(let entries, _): entries.reduce(1) { $0 + $1.key.nodeCount + $1.value.nodeCount }
    case .sequence(let items, _): items.reduce(1) { $0 + $1.nodeCount }
    }
  }

  /// Whether this is a null scalar under YAML rules (plain `null`, `~`, empty) with no tag forcing a string.
  public var isNullScalar: Bool {
    guard case .scalar(let text, let style) = content, style == .plain else { return false }
    if let tag, tag != YAMLTag.null { return false }
    return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
  }
}

/// One document of a YAML stream (or the single document of a JSON file).
public struct SyntaxDocument: Sendable {
  /// The root node; `nil` for an empty document.
  public var root: SyntaxNode?
  /// 0-based position of the document in its file.
  public var index: Int
  /// The bytes of the document, from its first to its last byte of content.
  public var span: ByteSpan

  /// Creates a document.
  public init(root: SyntaxNode?, index: Int, span: ByteSpan) {
    self.root = root
    self.index = index
    self.span = span
  }
}

/// The standard YAML tags in their expanded form.
public enum YAMLTag {
  /// `!!str`.
  public static let string = "tag:yaml.org,2002:str"
  /// `!!int`.
  public static let int = "tag:yaml.org,2002:int"
  /// `!!float`.
  public static let float = "tag:yaml.org,2002:float"
  /// `!!bool`.
  public static let bool = "tag:yaml.org,2002:bool"
  /// `!!null`.
  public static let null = "tag:yaml.org,2002:null"
  /// `!!map`.
  public static let map = "tag:yaml.org,2002:map"
  /// `!!seq`.
  public static let seq = "tag:yaml.org,2002:seq"
  /// `!!binary`.
  public static let binary = "tag:yaml.org,2002:binary"
  /// `!!timestamp`.
  public static let timestamp = "tag:yaml.org,2002:timestamp"
  /// `!!merge`.
  public static let merge = "tag:yaml.org,2002:merge"
}
