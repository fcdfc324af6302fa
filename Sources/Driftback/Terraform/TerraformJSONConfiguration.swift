import DriftbackSyntax

/// Reads a Terraform JSON configuration file (`*.tf.json`) into the same HCL body tree as a `.tf` file.
///
/// Every node carries byte spans in the JSON file, so diagnostics and value origins point at the JSON text.
/// Top-level keys are block types whose labels are nested object keys (`resource` and `data` two, `variable`,
/// `output`, `module`, `provider` and `check` one, the others none). Inside a body, a property is a nested
/// block when its name is a known block type or its value is an array of objects; otherwise it is an
/// attribute. Strings are templates (`"${var.x}-y"`), except where Terraform reads them as expressions
/// (`depends_on`, `provider`, a variable's `type`, `ignore_changes`, …). `"//"` properties are comments.
///
/// Back-ports never edit a `.tf.json` file: `HCLEditPlanner` re-parses the file of an origin as HCL native
/// syntax, which a JSON document never is, so it refuses every change whose origin is in a `.tf.json`.
enum TerraformJSONConfiguration {
  /// How many labels the blocks of each top-level type have.
  static let topLevelLabels: [String: Int] = [
    "resource": 2, "data": 2, "ephemeral": 2, "variable": 1, "output": 1, "module": 1, "provider": 1,
    "check": 1, "locals": 0, "terraform": 0, "moved": 0, "import": 0, "removed": 0,
  ]

  /// Properties that are nested blocks (without labels) wherever they appear in a resource-like body.
  static let nestedBlockNames: Set<String> = [
    "lifecycle", "connection", "timeouts", "ingress", "egress", "root_block_device", "ebs_block_device",
    "ephemeral_block_device", "metadata_options", "versioning", "server_side_encryption_configuration",
    "rule", "statement", "filter", "apply_server_side_encryption_by_default", "expiration", "transition",
    "noncurrent_version_expiration", "principals", "condition", "assume_role", "default_tags",
    "required_providers", "precondition", "postcondition", "validation", "content", "backend", "cloud",
  ]

  /// Nested blocks with one label: `provisioner "local-exec" {}`, `dynamic "ingress" {}`, `backend "s3" {}`.
  static let labeledBlockNames: Set<String> = ["provisioner", "dynamic", "backend"]

  /// Attributes whose strings are expressions rather than templates.
  static let expressionAttributes: Set<String> = [
    "depends_on", "provider", "ignore_changes", "replace_triggered_by", "providers",
  ]

  /// The body of a `.tf.json` file.
  /// - Throws: a `Diagnostic` located in the file for malformed JSON, a structure Terraform rejects or a
  ///   template that does not parse.
  static func body(of file: SourceFile) throws -> HCLBody {
    try Converter(file: file).convertFile()
  }

  /// The parsed file as ``HCLFile`` (without tokens: the JSON text is not HCL).
  static func parse(_ file: SourceFile) throws -> HCLFile {
    HCLFile(body: try body(of: file), tokens: [], source: file)
  }
}

// MARK: - Converter

private struct Converter {
  let file: SourceFile

  /// What kind of body is being read, which decides which properties are blocks.
  enum BodyKind {
    /// Only attributes (`locals`, `module`).
    case attributes
    /// Blocks by name or by an array-of-objects value (resources, providers, nested blocks).
    case resource
    /// A variable: `validation` blocks; `type` is an expression.
    case variable
    /// An output: `precondition` blocks.
    case output
    /// `terraform {}`: `required_providers`, `backend "s3"`, `cloud`.
    case terraform
  }

  func error(_ message: String, at offset: Int) -> Diagnostic {
    Diagnostic(.error, message, in: file, at: offset)
  }

  func convertFile() throws -> HCLBody {
    let document = try JSONParser().parse(file)
    guard let root = document.root else { return HCLBody(items: [], span: ByteSpan(start: 0, end: file.bytes.count)) }
    guard let entries = root.entries else {
      throw error("a Terraform JSON file must hold an object whose keys are block types", at: root.span.start)
    }
    var items: [HCLBodyItem] = []
    for entry in entries {
      guard let type = entry.key.scalarValue else { continue }
      if type == "//" { continue }
      let labels = TerraformJSONConfiguration.topLevelLabels[type] ?? 0
      let kind: BodyKind
      switch type {
      case "locals", "module", "moved", "import", "removed": kind = .attributes
      case "variable": kind = .variable
      case "output": kind = .output
      case "terraform": kind = .terraform
      default: kind = .resource
      }
      for block in try blocks(type: type, typeKey: entry.key, value: entry.value, labelCount: labels, kind: kind) {
        items.append(.block(block))
      }
    }
    return HCLBody(items: items, span: ByteSpan(start: 0, end: file.bytes.count))
  }

  // MARK: Blocks

  /// The blocks of one property: `labelCount` levels of object keys, then one object per block or an array
  /// of them. An array is accepted at every level, as in HCL's JSON syntax.
  func blocks(
    type: String, typeKey: SyntaxNode, value: SyntaxNode, labelCount: Int, kind: BodyKind,
    labels: [HCLLabel] = [], start: Int? = nil
  ) throws -> [HCLBlock] {
    if let items = value.items {
      return try items.flatMap {
        try blocks(
          type: type, typeKey: typeKey, value: $0, labelCount: labelCount, kind: kind, labels: labels,
          start: $0.span.start)
      }
    }
    guard let entries = value.entries else {
      let what = labelCount > 0 ? "an object whose keys are the labels of" : "an object or an array of objects for"
      throw error("expected \(what) the \(type) block", at: value.span.start)
    }
    if labelCount > 0 {
      var out: [HCLBlock] = []
      for entry in entries {
        guard let text = entry.key.scalarValue, text != "//" else { continue }
        let label = HCLLabel(value: text, span: entry.key.span, isQuoted: true)
        out += try blocks(
          type: type, typeKey: typeKey, value: entry.value, labelCount: labelCount - 1, kind: kind,
          labels: labels + [label], start: entry.key.span.start)
      }
      return out
    }
    let body = try self.body(value, kind: kind)
    let open = ByteSpan(start: value.span.start, end: value.span.start + 1)
    let close = ByteSpan(start: max(value.span.start, value.span.end - 1), end: value.span.end)
    return [
      HCLBlock(
        type: type, typeSpan: typeKey.span, labels: labels, body: body, openBraceSpan: open, closeBraceSpan: close,
        span: ByteSpan(start: start ?? typeKey.span.start, end: value.span.end))
    ]
  }

  /// A block body from an object.
  func body(_ object: SyntaxNode, kind: BodyKind) throws -> HCLBody {
    let entries = object.entries ?? []
    var items: [HCLBodyItem] = []
    var seen: Set<String> = []
    for entry in entries {
      guard let name = entry.key.scalarValue else { continue }
      if name == "//" { continue }
      if let (labels, childKind) = blockShape(name: name, value: entry.value, kind: kind) {
        for block in try blocks(type: name, typeKey: entry.key, value: entry.value, labelCount: labels, kind: childKind)
        {
          items.append(.block(block))
        }
        continue
      }
      guard seen.insert(name).inserted else {
        throw error("the attribute \"\(name)\" is set more than once", at: entry.key.span.start)
      }
      let asExpression =
        TerraformJSONConfiguration.expressionAttributes.contains(name) || (kind == .variable && name == "type")
      let expression = try self.expression(entry.value, stringsAreExpressions: asExpression)
      let colon = colonSpan(after: entry.key)
      items.append(
        .attribute(
          HCLAttribute(
            name: name, nameSpan: entry.key.span, equalsSpan: colon, expression: expression,
            span: ByteSpan(start: entry.key.span.start, end: entry.value.span.end))))
    }
    let inner =
      object.span.count >= 2
      ? ByteSpan(start: object.span.start + 1, end: object.span.end - 1) : object.span
    return HCLBody(items: items, span: inner)
  }

  /// The number of labels and the body kind when the property `name` is a nested block; `nil` for an attribute.
  func blockShape(name: String, value: SyntaxNode, kind: BodyKind) -> (Int, BodyKind)? {
    let isObject = value.entries != nil
    let isArrayOfObjects = value.items.map { !$0.isEmpty && $0.allSatisfy { $0.entries != nil } } ?? false
    guard isObject || isArrayOfObjects else { return nil }
    switch kind {
    case .attributes:
      return nil
    case .variable:
      return name == "validation" ? (0, .resource) : nil
    case .output:
      return name == "precondition" ? (0, .resource) : nil
    case .terraform:
      if name == "backend" { return (1, .attributes) }
      if name == "required_providers" || name == "cloud" { return (0, .attributes) }
      return nil
    case .resource:
      if name == "provisioner" { return (1, .resource) }
      if name == "dynamic" { return (1, .resource) }
      if TerraformJSONConfiguration.nestedBlockNames.contains(name) || isArrayOfObjects { return (0, .resource) }
      return nil
    }
  }

  /// The span of the `:` after a key.
  func colonSpan(after key: SyntaxNode) -> ByteSpan {
    var offset = key.span.end
    while offset < file.bytes.count, file.bytes[offset] != UInt8(ascii: ":") { offset += 1 }
    return ByteSpan(start: offset, end: min(offset + 1, file.bytes.count))
  }

  // MARK: Expressions

  /// The expression a JSON value stands for.
  func expression(_ node: SyntaxNode, stringsAreExpressions: Bool = false) throws -> HCLExpression {
    switch node.content {
    case .scalar(let text, let style):
      if style == .doubleQuoted {
        return stringsAreExpressions ? try parseExpression(text, node: node) : try template(text, node: node)
      }
      switch text {
      case "true": return HCLExpression(.literal(.bool(true)), span: node.span)
      case "false": return HCLExpression(.literal(.bool(false)), span: node.span)
      case "null": return HCLExpression(.literal(.null), span: node.span)
      default: return HCLExpression(.literal(.number(text)), span: node.span)
      }
    case .sequence(let items, _):
      return HCLExpression(
        .tuple(try items.map { try expression($0, stringsAreExpressions: stringsAreExpressions) }), span: node.span)
    case .mapping(let entries, _):
      var items: [HCLObjectItem] = []
      for entry in entries {
        guard let keyText = entry.key.scalarValue else { continue }
        let key = try template(keyText, node: entry.key)
        let value = try expression(entry.value, stringsAreExpressions: stringsAreExpressions)
        items.append(HCLObjectItem(key: key, value: value, separatorSpan: colonSpan(after: entry.key)))
      }
      return HCLExpression(.object(items), span: node.span)
    }
  }

  /// A string as a template; a string that is exactly one interpolation is that expression.
  func template(_ text: String, node: SyntaxNode) throws -> HCLExpression {
    let contentSpan = ByteSpan(start: node.span.start + 1, end: max(node.span.start + 1, node.span.end - 1))
    guard text.contains("${") || text.contains("%{") else {
      // No interpolation or directive: the text is the value (no escapes apply outside of `$${` / `%%{`).
      return HCLExpression(
        .template(HCLTemplate(parts: text.isEmpty ? [] : [.literal(text, span: contentSpan)], heredoc: nil)),
        span: node.span)
    }
    // Parsed as the body of a heredoc, where backslashes are not escapes, as HCL's JSON syntax requires.
    var marker = "J"
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: " \t\r")
    }
    while lines.contains(marker) { marker += "J" }
    let parsed = try synthetic(prefix: "x=<<\(marker)\n", content: text, suffix: "\n\(marker)\n", node: node)
    guard case .template(var template) = parsed.kind else { return parsed }
    // The heredoc adds a line break at the end of the last line: take it away again.
    if case .literal(let piece, let span)? = template.parts.last, piece.hasSuffix("\n") {
      let trimmed = String(piece.dropLast())
      template.parts.removeLast()
      if !trimmed.isEmpty { template.parts.append(.literal(trimmed, span: span)) }
    }
    template.heredoc = nil
    if template.parts.count == 1, case .interpolation(let interpolation) = template.parts[0] {
      return interpolation.expression
    }
    return HCLExpression(.template(template), span: node.span)
  }

  /// A string read as an expression (`"aws_s3_bucket.b"` in `depends_on`).
  func parseExpression(_ text: String, node: SyntaxNode) throws -> HCLExpression {
    if text.contains("${") { return try template(text, node: node) }
    return try synthetic(prefix: "x=", content: text, suffix: "\n", node: node)
  }

  /// Parses `prefix + content + suffix` as HCL with the content at the offset it has in the JSON file, so
  /// that the spans of the result point into the JSON file (exactly when the string has no escapes).
  func synthetic(prefix: String, content: String, suffix: String, node: SyntaxNode) throws -> HCLExpression {
    let contentStart = node.span.start + 1
    let prefixBytes = Array(prefix.utf8)
    let start = max(contentStart, prefixBytes.count)
    var bytes = [UInt8](repeating: UInt8(ascii: " "), count: start - prefixBytes.count)
    bytes += prefixBytes
    bytes += Array(content.utf8)
    bytes += Array(suffix.utf8)
    let source = SourceFile(path: file.path, bytes: bytes)
    let parsed: HCLFile
    do {
      parsed = try HCLParser().parse(source)
    } catch let diagnostic as Diagnostic {
      throw relocated(diagnostic, in: source, contentStart: start, jsonContentStart: contentStart)
    }
    guard let attribute = parsed.body.attribute(named: "x"), parsed.body.items.count == 1 else {
      throw error("cannot read this string as an expression", at: node.span.start)
    }
    return attribute.expression
  }

  /// A syntax error in a string, moved from the synthetic file to the JSON file.
  func relocated(_ diagnostic: Diagnostic, in source: SourceFile, contentStart: Int, jsonContentStart: Int)
    -> Diagnostic
  {
    var offset = jsonContentStart
    if let location = diagnostic.location, location.line > 0 {
      let contentLine = source.lineIndex(of: contentStart)
      if location.line - 1 == contentLine {
        let syntheticOffset = source.lineStarts[contentLine] + location.column - 1
        offset = jsonContentStart + max(0, syntheticOffset - contentStart)
      }
    }
    return Diagnostic(.error, diagnostic.message, in: file, at: min(offset, file.bytes.count))
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var slice = self[...]
    while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}
