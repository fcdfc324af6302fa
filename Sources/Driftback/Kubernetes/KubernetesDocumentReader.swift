public import DriftbackSyntax

/// Reads Kubernetes objects from YAML or JSON files: multi-document streams, `kind: List` (streamed item by
/// item), and the documents that are not cluster objects, which are skipped with a note.
public struct KubernetesDocumentReader: Sendable {
  /// One object read from a file.
  public struct Object: Sendable {
    /// The object.
    public var value: Value
    /// Its bytes in the file.
    public var span: ByteSpan
  }

  /// The parse limits.
  public var limits: ParseLimits

  /// Creates a reader.
  public init(limits: ParseLimits = .default) {
    self.limits = limits
  }

  /// Whether a path names a file this reader takes.
  public static func accepts(path: String) -> Bool {
    let lower = path.lowercased()
    return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json")
  }

  /// Reads every object of a file, calling `onObject` for each as soon as it is complete.
  /// - Returns: notes about skipped documents.
  /// - Throws: a ``Diagnostic`` for a malformed file, or what `onObject` throws.
  public func read(_ file: SourceFile, onObject: (Object) throws -> Void) throws -> [Diagnostic] {
    var notes: [Diagnostic] = []
    let isJSON = file.path.lowercased().hasSuffix(".json")
    let handleItem: (SyntaxNode) throws -> Void = { node in
      try self.emit(node, file: file, notes: &notes, isListItem: true, onObject: onObject)
    }
    // `withoutActuallyEscaping` lets the non-escaping callback flow through the parser's stored closure.
    let documents: [SyntaxDocument] = try withoutActuallyEscaping(handleItem) { item in
      if isJSON {
        return [try JSONParser(limits: limits).parse(file, onTopLevelItem: item)]
      }
      return try YAMLParser(limits: limits).parse(file, onTopLevelItem: item)
    }
    for document in documents {
      guard let root = document.root, !root.isNullScalar else {
        notes.append(Diagnostic(.note, "skipped an empty document", in: file, at: document.span.start))
        continue
      }
      try emit(root, file: file, notes: &notes, isListItem: false, onObject: onObject)
    }
    return notes
  }

  private func emit(
    _ node: SyntaxNode, file: SourceFile, notes: inout [Diagnostic], isListItem: Bool,
    onObject: (Object) throws -> Void
  ) throws {
    guard node.entries != nil else {
      notes.append(Diagnostic(.note, "skipped a document that is not a mapping", in: file, at: node.span.start))
      return
    }
    let value = try Value(syntax: node, schema: .kubernetes, file: file)
    let kind = value["kind"]?.string
    let apiVersion = value["apiVersion"]?.string
    if let items = value["items"], items.list != nil, kind?.hasSuffix("List") ?? true {
      // A `kind: List`; streamed items were delivered already, the rest are here.
      for (index, item) in (items.list ?? []).enumerated() {
        guard item.map != nil else {
          notes.append(Diagnostic(.warning, "skipped list item \(index): not an object", in: file,
            at: item.span?.start ?? node.span.start))
          continue
        }
        let itemNode = node["items"]?.items?[index]
        try emitObject(item, span: itemNode?.span ?? item.span ?? node.span, file: file, notes: &notes,
          onObject: onObject)
      }
      return
    }
    guard let kind, !kind.isEmpty, let apiVersion, !apiVersion.isEmpty else {
      let what = value["name"] != nil && value["version"] != nil ? " (a Helm Chart.yaml?)" : ""
      notes.append(Diagnostic(.note, "skipped a document without apiVersion and kind: not a Kubernetes object\(what)",
        in: file, at: node.span.start))
      return
    }
    if KubernetesDocumentReader.configurationKinds.contains(kind)
      || apiVersion.hasPrefix("kustomize.config.k8s.io/") || apiVersion.hasPrefix("config.kubernetes.io/")
    {
      notes.append(Diagnostic(.note, "skipped \(kind): a tool configuration, not a cluster object",
        in: file, at: node.span.start))
      return
    }
    _ = isListItem
    try emitObject(value, span: node.span, file: file, notes: &notes, onObject: onObject)
  }

  private func emitObject(
    _ value: Value, span: ByteSpan, file: SourceFile, notes: inout [Diagnostic], onObject: (Object) throws -> Void
  ) throws {
    let name = value["metadata"]?["name"]?.string ?? ""
    guard value["kind"]?.string?.isEmpty == false, value["apiVersion"]?.string?.isEmpty == false else {
      notes.append(Diagnostic(.warning, "skipped an object without apiVersion and kind", in: file, at: span.start))
      return
    }
    guard !name.isEmpty else {
      let generated = value["metadata"]?["generateName"] != nil
      notes.append(Diagnostic(.warning,
        generated ? "skipped an object with only metadata.generateName: its name is chosen by the server"
          : "skipped an object without metadata.name", in: file, at: span.start))
      return
    }
    try onObject(Object(value: value, span: span))
  }

  /// Kinds that configure tools rather than describe cluster objects.
  public static let configurationKinds: Set<String> = [
    "Kustomization", "Component", "HelmChartInflationGenerator", "Kptfile", "ResourceList",
  ]
}
