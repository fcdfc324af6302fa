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

  /// What the API server owns and every comparison drops: a capture's objects are read without them.
  public static let serverOwnedKeys: [Int: Set<String>] = [0: ["status"], 1: ["managedFields"]]

  /// Reads every object of a file, calling `onObject` for each as soon as it is complete.
  /// - Parameters:
  ///   - skippingServerOwnedFields: leave out ``serverOwnedKeys`` unread (for live captures).
  /// - Returns: notes about skipped documents.
  /// - Throws: a ``Diagnostic`` for a malformed file, or what `onObject` throws.
  public func read(
    _ file: SourceFile, skippingServerOwnedFields: Bool = false, onObject: (Object) throws -> Void
  ) throws -> [Diagnostic] {
    var notes: [Diagnostic] = []
    let bytes = file.bytes
    if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
      throw Diagnostic(.error, "the file is UTF-16; driftback reads UTF-8 (convert it with iconv)", file: file.path)
    }
    if file.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
      return [Diagnostic(.note, "skipped an empty file", file: file.path)]
    }
    let handleItem: (Value) throws -> Void = { item in
      guard item.map != nil else {
        notes.append(
          Diagnostic(
            .warning, "skipped a list item that is not an object", in: file,
            at: item.span?.start ?? 0))
        return
      }
      try self.emitObject(
        item, span: item.span ?? ByteSpan(start: 0, end: 0), file: file, notes: &notes,
        onObject: onObject)
    }
    // `withoutActuallyEscaping` lets the non-escaping callback flow through the parser's stored closure.
    let documents: [(root: Value?, span: ByteSpan)] = try withoutActuallyEscaping(handleItem) { item in
      if file.path.lowercased().hasSuffix(".json") {
        let document = try JSONParser(limits: limits).parse(file) { node in
          try item(try Value(syntax: node, schema: .kubernetes, file: file))
        }
        return [(try document.root.map { try Value(syntax: $0, schema: .kubernetes, file: file) }, document.span)]
      }
      var factory = ValueTreeFactory(
        schema: .kubernetes, file: file, skippedKeys: skippingServerOwnedFields ? Self.serverOwnedKeys : [:])
      return try YAMLParser(limits: limits).assemble(file, factory: &factory, onTopLevelItem: item).map {
        ($0.root, $0.span)
      }
    }
    for document in documents {
      guard let root = document.root, !root.isNull else {
        notes.append(Diagnostic(.note, "skipped an empty document", in: file, at: document.span.start))
        continue
      }
      try emit(root, file: file, notes: &notes, onObject: onObject)
    }
    return notes
  }

  private func emit(
    _ value: Value, file: SourceFile, notes: inout [Diagnostic], onObject: (Object) throws -> Void
  ) throws {
    let span = value.span ?? ByteSpan(start: 0, end: 0)
    guard value.map != nil else {
      notes.append(Diagnostic(.note, "skipped a document that is not a mapping", in: file, at: span.start))
      return
    }
    let kind = value["kind"]?.string
    let apiVersion = value["apiVersion"]?.string
    if let items = value["items"]?.list, kind?.hasSuffix("List") ?? true {
      // A `kind: List`; streamed items were delivered already, the rest are here.
      for (index, item) in items.enumerated() {
        guard item.map != nil else {
          notes.append(
            Diagnostic(
              .warning, "skipped list item \(index): not an object", in: file,
              at: item.span?.start ?? span.start))
          continue
        }
        try emitObject(item, span: item.span ?? span, file: file, notes: &notes, onObject: onObject)
      }
      return
    }
    guard let kind, !kind.isEmpty, let apiVersion, !apiVersion.isEmpty else {
      let what = value["name"] != nil && value["version"] != nil ? " (a Helm Chart.yaml?)" : ""
      notes.append(
        Diagnostic(
          .note, "skipped a document without apiVersion and kind: not a Kubernetes object\(what)",
          in: file, at: span.start))
      return
    }
    if KubernetesDocumentReader.configurationKinds.contains(kind)
      || apiVersion.hasPrefix("kustomize.config.k8s.io/") || apiVersion.hasPrefix("config.kubernetes.io/")
    {
      notes.append(
        Diagnostic(
          .note, "skipped \(kind): a tool configuration, not a cluster object",
          in: file, at: span.start))
      return
    }
    try emitObject(value, span: span, file: file, notes: &notes, onObject: onObject)
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
      notes.append(
        Diagnostic(
          .warning,
          generated
            ? "skipped an object with only metadata.generateName: its name is chosen by the server"
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
