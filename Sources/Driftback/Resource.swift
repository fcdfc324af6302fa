public import DriftbackSyntax

/// One resource as IaC declares it or as a capture shows it, with where it came from.
public struct Resource: Sendable {
  /// The stable address.
  public var address: ResourceAddress
  /// The resource's content. Values read from a file keep their byte spans.
  public var value: Value
  /// The file the resource was read from.
  public var source: SourceFile?
  /// The bytes of the resource in ``source`` (the document, or the list item).
  public var span: ByteSpan?
  /// Whether the values of ``source`` may be edited in place (false for generated or shared input).
  public var isEditable: Bool

  /// Creates a resource.
  public init(address: ResourceAddress, value: Value, source: SourceFile?, span: ByteSpan?, isEditable: Bool = true) {
    self.address = address
    self.value = value
    self.source = source
    self.span = span
    self.isEditable = isEditable
  }

  /// Where the resource starts.
  public var location: SourceLocation? {
    guard let source, let span else { return nil }
    return source.location(of: span.start)
  }

  /// Where the value at `path` is written, or, when it is not written, the nearest parent that is.
  public func provenance(of path: ValuePath) -> Provenance {
    var best: (path: ValuePath, span: ByteSpan)? = span.map { (ValuePath.root, $0) }
    var current: Value? = value
    var walked = ValuePath.root
    if let span = value.span { best = (walked, span) }
    for segment in path.segments {
      guard let node = current, let next = node.child(segment) else { break }
      walked = walked.appending(segment)
      current = next
      if let span = next.span { best = (walked, span) }
    }
    guard let source, let best else {
      return Provenance(file: source?.path, location: nil, path: path, isExact: false)
    }
    return Provenance(
      file: source.path, location: source.location(of: best.span.start), path: best.path,
      isExact: best.path == path)
  }
}

/// Where a value of a resource is written.
public struct Provenance: Hashable, Sendable {
  /// The file, when known.
  public var file: String?
  /// The line and column of the value (or of its nearest written parent).
  public var location: SourceLocation?
  /// The path whose location is given: the value's own, or a parent's.
  public var path: ValuePath
  /// Whether ``location`` is the value's own location rather than a parent's.
  public var isExact: Bool
}

extension Value {
  /// The child reached by one path segment.
  public func child(_ segment: ValuePath.Segment) -> Value? {
    switch (segment, kind) {
    case (.key(let key), .map(let map)): return map[key]
    case (.index(let index), .list(let items)):
      guard items.indices.contains(index) else { return nil }
      return items[index]
    case (.item(let fields), .list(let items)):
      return items.first { item in fields.allSatisfy { field in item.keyFieldMatches(field) } }
    default: return nil
    }
  }

  /// Whether this item has the key field (a missing `protocol` matches `TCP`, as Kubernetes defaults it).
  func keyFieldMatches(_ field: ValuePath.KeyField) -> Bool {
    if let value = self[field.name], let text = value.scalarText {
      if let a = value.number, let b = Number(parsing: field.value) { return a == b }
      return text == field.value
    }
    return field.name == "protocol" && field.value == "TCP"
  }

  /// The value at a path.
  public func value(at path: ValuePath) -> Value? {
    var current = self
    for segment in path.segments {
      guard let next = current.child(segment) else { return nil }
      current = next
    }
    return current
  }
}
