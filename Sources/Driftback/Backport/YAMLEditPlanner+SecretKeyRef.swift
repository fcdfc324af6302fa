public import DriftbackSyntax

// Secrets: a literal secret environment value becomes a reference to a key of a Secret.
extension YAMLEditPlanner {
  /// The edit that moves a container's literal secret environment value out of a manifest: the item's
  /// `value:` entry gives way to `valueFrom: {secretKeyRef: {name: <secretName>, key: <ENV NAME>}}` (block
  /// style in a block item, flow style in a flow item, JSON in a `.json` file), in place. The value itself, old
  /// or new, is never written.
  /// - Parameters:
  ///   - change: a change of `….env[name=NAME].value` (its values are never written).
  ///   - root: the object as read from `file`, with spans.
  ///   - file: the manifest.
  ///   - secretName: the Secret that is to hold the value.
  /// - Returns: the edits and the path of the new `valueFrom`, or why the value cannot be moved out.
  public func secretKeyReference(
    for change: Change, in root: Value, file: SourceFile, secretName: String
  ) -> Result<(edits: [SourceEdit], valueFrom: ValuePath), BackportRefusal> {
    let segments = change.path.segments
    guard change.kind == .changed, segments.count >= 3, segments.last == .key("value"),
      case .item(let fields) = segments[segments.count - 2], segments[segments.count - 3] == .key("env"),
      fields.count == 1, let field = fields.first, field.name == "name"
    else {
      return .failure(
        BackportRefusal(
          reason:
            "only a changed literal `value:` of a container environment variable is moved into a Secret; "
            + "rotate the secret where it is managed"))
    }
    let itemPath = ValuePath(Array(segments.dropLast()))
    guard let item = root.value(at: itemPath), let map = item.map, map["valueFrom"] == nil,
      let entry = map.entries.first(where: { $0.key == "value" }), entry.value.scalarText != nil,
      let keySpan = entry.keySpan, let valueSpan = entry.value.span, let itemSpan = item.span,
      keySpan.end <= valueSpan.start
    else {
      return .failure(BackportRefusal(reason: "\(itemPath) has no literal value in \(file.path) to replace"))
    }
    // The `value` entry, key to scalar, gives way to `valueFrom`; a comment after it stays where it is.
    let bytes = file.bytes
    let name = Value.string(secretName)
    let key = Value.string(field.value)
    let replacement: String
    if file.path.lowercased().hasSuffix(".json") {
      replacement =
        #""valueFrom": {"secretKeyRef": {"name": "# + JSONText.quoted(secretName) + #", "key": "#
        + JSONText.quoted(field.value) + "}}"
    } else if bytes.indices.contains(itemSpan.start), bytes[itemSpan.start] == UInt8(ascii: "{") {
      replacement =
        "valueFrom: {secretKeyRef: {name: \(YAMLRenderer.scalar(name, context: .flow)), key: "
        + "\(YAMLRenderer.scalar(key, context: .flow))}}"
    } else {
      let lineStart = file.lineStarts[file.lineIndex(of: keySpan.start)]
      let column = String(repeating: " ", count: keySpan.start - lineStart)
      let firstBreak = file.lineStarts.count > 1 ? file.lineStarts[1] - 1 : 0
      let newline = firstBreak > 0 && bytes[firstBreak - 1] == 0x0D ? "\r\n" : "\n"
      replacement = [
        "valueFrom:", column + "  secretKeyRef:",
        column + "    name: " + YAMLRenderer.scalar(name, context: .block),
        column + "    key: " + YAMLRenderer.scalar(key, context: .block),
      ].joined(separator: newline)
    }
    // A block scalar (`value: |`) ends after its last line break, which the next entry's line needs.
    var tail = ""
    if valueSpan.end > valueSpan.start, bytes.indices.contains(valueSpan.end - 1), bytes[valueSpan.end - 1] == 0x0A {
      tail = valueSpan.end >= 2 && bytes[valueSpan.end - 2] == 0x0D ? "\r\n" : "\n"
    }
    let edits = [
      SourceEdit(span: ByteSpan(start: keySpan.start, end: valueSpan.end), replacement: replacement + tail)
    ]
    let valueFrom = itemPath.appending(key: "valueFrom")
    return .success((edits, valueFrom))
  }
}
