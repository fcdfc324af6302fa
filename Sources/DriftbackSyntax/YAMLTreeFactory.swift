/// Makes the nodes of a tree assembled from YAML events. ``SyntaxNode`` is one node type; the
/// `Driftback` module builds its values directly with another, without an intermediate tree.
public protocol YAMLTreeFactory {
  /// The node type.
  associatedtype Node
  /// How the factory collects the entries of a mapping while it is read (appended in place, so that no
  /// intermediate array is built per mapping).
  associatedtype Entries

  /// A scalar node.
  mutating func scalar(_ text: String, style: SyntaxNode.ScalarStyle, tag: String?, anchor: String?, span: ByteSpan)
    throws -> Node
  /// An empty collection of mapping entries.
  func makeEntries() -> Entries
  /// Appends an entry.
  /// - Throws: a ``Diagnostic`` for a key the factory cannot take (a collection as a key).
  mutating func append(key: Node, value: Node, to entries: inout Entries) throws
  /// The number of entries.
  func count(of entries: Entries) -> Int
  /// The key texts of the entries (for duplicate detection in large mappings).
  func keyTexts(of entries: Entries) -> [String]
  /// Whether an entry has this key text.
  func containsKey(_ key: String, in entries: Entries) -> Bool
  /// A mapping node from its entries in order.
  mutating func mapping(
    _ entries: Entries, style: SyntaxNode.CollectionStyle, tag: String?, anchor: String?, span: ByteSpan
  ) throws -> Node
  /// A sequence node.
  mutating func sequence(
    _ items: [Node], style: SyntaxNode.CollectionStyle, tag: String?, anchor: String?, span: ByteSpan
  ) throws -> Node
  /// The copy of an anchored node that an alias at `span` stands for.
  func alias(of node: Node, span: ByteSpan) -> Node
  /// The text of a node when it is a scalar (used for duplicate keys and for finding `items`).
  func scalarText(of node: Node) -> String?
  /// The bytes a node covers.
  func span(of node: Node) -> ByteSpan
  /// The number of nodes in a subtree (for the alias expansion limit).
  func size(of node: Node) -> Int
  /// Whether the value of `key`, in a mapping `depth` levels below an object's root (0: the object
  /// itself, whether it is a document or an item of a streamed `List`), is dropped unread.
  func skipsValue(ofKey key: String, depth: Int) -> Bool
}

extension YAMLTreeFactory {
  public func skipsValue(ofKey key: String, depth: Int) -> Bool { false }
}

/// One document assembled by a factory.
public struct YAMLAssembledDocument<Node> {
  /// The root, `nil` for an empty stream entry.
  public var root: Node?
  /// 0-based index in the file.
  public var index: Int
  /// The document's bytes.
  public var span: ByteSpan

  /// Creates a document.
  public init(root: Node?, index: Int, span: ByteSpan) {
    self.root = root
    self.index = index
    self.span = span
  }
}

extension YAMLParser {
  /// Assembles every document of a file with `factory`. When a document's root is a mapping with an
  /// `items` sequence (a `kind: List`), each item goes to `onTopLevelItem` as soon as it is complete and is
  /// not kept. Aliases are limited by ``ParseLimits/maxAliasExpansion``, depth by
  /// ``ParseLimits/maxDepth``; duplicate keys are errors.
  /// - Throws: a ``Diagnostic``, or what the factory or the callback throws.
  @inlinable
  public func assemble<Factory: YAMLTreeFactory>(
    _ file: SourceFile, factory: inout Factory, onTopLevelItem: ((Factory.Node) throws -> Void)? = nil
  ) throws -> [YAMLAssembledDocument<Factory.Node>] {
    if file.bytes.count > limits.maxFileBytes {
      throw Diagnostic(.error, "file is larger than the limit of \(limits.maxFileBytes) bytes", file: file.path)
    }
    let reader = YAMLEventReader(file: file)
    var assembler = YAMLTreeAssembler<Factory>(file: file, limits: limits, onTopLevelItem: onTopLevelItem)
    while true {
      let event = try reader.next()
      if event.kind == .streamEnd { return assembler.documents }
      try assembler.handle(event, factory: &factory)
    }
  }
}

/// Builds a tree from events with an explicit stack (no recursion on input depth). Frames are mutated in
/// place so that appending a child never copies the collection built so far.
@usableFromInline
struct YAMLTreeAssembler<Factory: YAMLTreeFactory> {
  @usableFromInline
  struct Frame {
    @usableFromInline var isMapping: Bool
    @usableFromInline var start: Int
    @usableFromInline var tag: String?
    @usableFromInline var anchor: String?
    @usableFromInline var style: SyntaxNode.CollectionStyle
    @usableFromInline var entries: Factory.Entries
    @usableFromInline var items: [Factory.Node] = []
    @usableFromInline var pendingKey: Factory.Node?
    @usableFromInline var keys: Set<String>?
    @usableFromInline var streamed = false
    /// The end of the last child added, alias spans included.
    @usableFromInline var lastChildEnd: Int?

    @inlinable
    init(
      isMapping: Bool, start: Int, tag: String?, anchor: String?, style: SyntaxNode.CollectionStyle,
      entries: Factory.Entries
    ) {
      self.entries = entries
      self.isMapping = isMapping
      self.start = start
      self.tag = tag
      self.anchor = anchor
      self.style = style
    }
  }

  @usableFromInline let file: SourceFile
  @usableFromInline let limits: ParseLimits
  @usableFromInline let onTopLevelItem: ((Factory.Node) throws -> Void)?
  @usableFromInline var stack: [Frame] = []
  @usableFromInline var anchors: [String: (node: Factory.Node, size: Int)] = [:]
  @usableFromInline var expandedNodes = 0
  @usableFromInline var documents: [YAMLAssembledDocument<Factory.Node>] = []
  @usableFromInline var documentRoot: Factory.Node?
  @usableFromInline var documentStart = 0
  /// Skipping an unread value: whether the next value is to be skipped, and how deep inside it we are.
  @usableFromInline var skipNextValue = false
  @usableFromInline var skipDepth = 0
  /// Anchors defined inside skipped values: an alias to one of them is an error, not a silent gap.
  @usableFromInline var skippedAnchors: Set<String> = []

  @inlinable
  init(file: SourceFile, limits: ParseLimits, onTopLevelItem: ((Factory.Node) throws -> Void)?) {
    self.file = file
    self.limits = limits
    self.onTopLevelItem = onTopLevelItem
  }

  @inlinable
  mutating func handle(_ event: YAMLEvent, factory: inout Factory) throws {
    if skipNextValue || skipDepth > 0 {
      if let anchor = event.anchor { skippedAnchors.insert(anchor) }
      switch event.kind {
      case .sequenceStart, .mappingStart: skipDepth += 1
      case .sequenceEnd, .mappingEnd: skipDepth -= 1
      default: break
      }
      skipNextValue = false
      if skipDepth == 0, let top = stack.indices.last {
        stack[top].pendingKey = nil
      }
      return
    }
    switch event.kind {
    case .streamEnd:
      break
    case .documentStart:
      anchors.removeAll(keepingCapacity: true)
      expandedNodes = 0
      documentRoot = nil
      documentStart = event.span.start
    case .documentEnd:
      let span = documentRoot.map { factory.span(of: $0) } ?? ByteSpan(start: documentStart, end: documentStart)
      documents.append(YAMLAssembledDocument(root: documentRoot, index: documents.count, span: span))
      documentRoot = nil
    case .scalar:
      let node = try factory.scalar(
        event.text, style: event.scalarStyle, tag: event.tag, anchor: event.anchor,
        span: event.span)
      try add(node, anchor: event.anchor, size: 1, end: event.span.end, factory: &factory)
    case .alias:
      guard let target = anchors[event.text] else {
        let message =
          skippedAnchors.contains(event.text)
          ? "alias '\(event.text)' refers to an anchor inside a part of the object that driftback does not read"
          : "unknown anchor '\(event.text)' referenced by an alias"
        throw Diagnostic(.error, message, in: file, at: event.span.start)
      }
      expandedNodes += target.size
      if expandedNodes > limits.maxAliasExpansion {
        throw Diagnostic(
          .error,
          "aliases expand to more than \(limits.maxAliasExpansion) nodes; refusing the document (a \"billion laughs\" guard)",
          in: file, at: event.span.start)
      }
      try add(
        factory.alias(of: target.node, span: event.span), anchor: nil, size: target.size, end: event.span.end,
        factory: &factory)
    case .sequenceStart, .mappingStart:
      if stack.count >= limits.maxDepth {
        throw Diagnostic(
          .error, "nesting is deeper than the limit of \(limits.maxDepth) levels", in: file,
          at: event.span.start)
      }
      var frame = Frame(
        isMapping: event.kind == .mappingStart, start: event.span.start, tag: event.tag,
        anchor: event.anchor, style: event.collectionStyle, entries: factory.makeEntries())
      if event.kind == .sequenceStart, onTopLevelItem != nil, stack.count == 1, stack[0].isMapping,
        let key = stack[0].pendingKey, factory.scalarText(of: key) == "items"
      {
        frame.streamed = true
      }
      stack.append(frame)
    case .sequenceEnd, .mappingEnd:
      guard let frame = stack.popLast() else { return }
      let node: Factory.Node
      if frame.isMapping {
        let last = frame.lastChildEnd ?? event.span.end
        let span = ByteSpan(start: frame.start, end: frame.style == .flow ? event.span.end : max(frame.start, last))
        node = try factory.mapping(frame.entries, style: frame.style, tag: frame.tag, anchor: frame.anchor, span: span)
      } else {
        let last = frame.lastChildEnd ?? event.span.end
        let flowEnd = frame.style == .flow || frame.streamed
        let span = ByteSpan(start: frame.start, end: flowEnd ? event.span.end : max(frame.start, last))
        node = try factory.sequence(frame.items, style: frame.style, tag: frame.tag, anchor: frame.anchor, span: span)
      }
      try add(
        node, anchor: frame.anchor, size: frame.anchor == nil ? 0 : factory.size(of: node),
        end: factory.span(of: node).end, factory: &factory)
    }
  }

  @inlinable
  mutating func add(_ node: Factory.Node, anchor: String?, size: Int, end: Int, factory: inout Factory) throws {
    if let anchor { anchors[anchor] = (node, max(1, size)) }
    let top = stack.count - 1
    guard top >= 0 else {
      documentRoot = node
      return
    }
    if stack[top].isMapping {
      if let key = stack[top].pendingKey {
        stack[top].pendingKey = nil
        stack[top].lastChildEnd = end
        try factory.append(key: key, value: node, to: &stack[top].entries)
        return
      }
      if let name = factory.scalarText(of: node) {
        let duplicate: Bool
        if stack[top].keys != nil {
          duplicate = !(stack[top].keys?.insert(name).inserted ?? true)
        } else if factory.count(of: stack[top].entries) < 12 {
          duplicate = factory.containsKey(name, in: stack[top].entries)
        } else {
          var set = Set(factory.keyTexts(of: stack[top].entries))
          duplicate = !set.insert(name).inserted
          stack[top].keys = set
        }
        if duplicate && name != "<<" {
          throw Diagnostic(.error, "duplicate mapping key \"\(name)\"", in: file, at: factory.span(of: node).start)
        }
        // Values the factory drops unread are skipped here, event by event, without building them.
        let objectBase = stack.count >= 2 && stack[1].streamed ? 2 : 0
        if top >= objectBase, factory.skipsValue(ofKey: name, depth: top - objectBase) {
          skipNextValue = true
        }
      }
      stack[top].pendingKey = node
    } else if stack[top].streamed, let onTopLevelItem {
      stack[top].lastChildEnd = end
      try onTopLevelItem(node)
    } else {
      stack[top].lastChildEnd = end
      stack[top].items.append(node)
    }
  }
}

/// Builds the lossless ``SyntaxNode`` tree.
public struct SyntaxNodeFactory: YAMLTreeFactory {
  /// Creates the factory.
  public init() {}

  public func scalar(_ text: String, style: SyntaxNode.ScalarStyle, tag: String?, anchor: String?, span: ByteSpan)
    -> SyntaxNode
  {
    SyntaxNode(content: .scalar(text, style), span: span, tag: tag, anchor: anchor)
  }

  public func makeEntries() -> [SyntaxNode.Entry] { [] }

  public func append(key: SyntaxNode, value: SyntaxNode, to entries: inout [SyntaxNode.Entry]) {
    entries.append(SyntaxNode.Entry(key: key, value: value))
  }

  public func count(of entries: [SyntaxNode.Entry]) -> Int { entries.count }

  public func keyTexts(of entries: [SyntaxNode.Entry]) -> [String] { entries.compactMap(\.key.scalarValue) }

  public func containsKey(_ key: String, in entries: [SyntaxNode.Entry]) -> Bool {
    entries.contains { $0.key.scalarValue == key }
  }

  public func mapping(
    _ entries: [SyntaxNode.Entry], style: SyntaxNode.CollectionStyle, tag: String?, anchor: String?, span: ByteSpan
  ) -> SyntaxNode {
    SyntaxNode(content: .mapping(entries, style), span: span, tag: tag, anchor: anchor)
  }

  public func sequence(
    _ items: [SyntaxNode], style: SyntaxNode.CollectionStyle, tag: String?, anchor: String?, span: ByteSpan
  ) -> SyntaxNode {
    SyntaxNode(content: .sequence(items, style), span: span, tag: tag, anchor: anchor)
  }

  public func alias(of node: SyntaxNode, span: ByteSpan) -> SyntaxNode {
    var copy = node
    copy.anchor = nil
    copy.aliasSpan = span
    return copy
  }

  public func scalarText(of node: SyntaxNode) -> String? { node.scalarValue }
  public func span(of node: SyntaxNode) -> ByteSpan { node.span }
  public func size(of node: SyntaxNode) -> Int { node.nodeCount }
}
