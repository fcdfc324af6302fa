import DriftbackSyntax

/// One capture file, parsed, with the place it has in the capture's folder layout.
///
/// Values keep their spans while the file is read, so that every problem is reported at its line and
/// column; the diagnostics never quote a source line, because capture files hold live configuration (policy
/// documents, drift output with parameter values) that a report must not echo.
struct CloudFormationCaptureFile {
  /// For outputs that do not name their resource: the folder they were saved in.
  struct Folder: Equatable {
    /// `s3` or `iam`.
    var service: String
    /// The bucket or role name.
    var name: String
  }

  /// The file.
  let file: SourceFile
  /// The path relative to the capture root.
  let relativePath: String
  /// The file name, lower case.
  let fileName: String
  /// `s3/<bucket>/…` or `iam/<role>/…`, when the file is saved that way.
  let folder: Folder?
  /// The document; `nil` when the file is empty.
  let root: Value?

  /// Reads a file: JSON, or YAML for `.yaml`/`.yml` (`--output yaml`).
  /// - Returns: the parsed file, or `nil` and the diagnostic that says why not.
  static func read(_ file: SourceFile, captureRoot: String?) -> (CloudFormationCaptureFile?, [Diagnostic]) {
    let relative = relativePath(file.path, root: captureRoot)
    let components = relative.split(separator: "/").map(String.init)
    let fileName = (components.last ?? relative).lowercased()
    var folder: Folder?
    if components.count >= 3 {
      let service = components[components.count - 3].lowercased()
      if service == "s3" || service == "iam" {
        folder = Folder(service: service, name: components[components.count - 2])
      }
    }
    let text = file.bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    if text.isEmpty {
      return (
        CloudFormationCaptureFile(file: file, relativePath: relative, fileName: fileName, folder: folder, root: nil), []
      )
    }
    if text.starts(with: Array("An error occurred (".utf8)) {
      return (
        nil,
        [
          Diagnostic(
            .warning,
            "holds an AWS CLI error message, not command output: skipped (save only the command's standard output;"
              + " leave the file empty, or delete it, when the configuration does not exist)", file: file.path)
        ]
      )
    }
    do {
      let node: SyntaxNode?
      if fileName.hasSuffix(".yaml") || fileName.hasSuffix(".yml") {
        node = try YAMLParser().parse(file).first?.root
      } else {
        node = try JSONParser().parse(file).root
      }
      let root = try node.map { try Value(syntax: $0, schema: .core, file: file) }
      return (
        CloudFormationCaptureFile(file: file, relativePath: relative, fileName: fileName, folder: folder, root: root),
        []
      )
    } catch var diagnostic as Diagnostic {
      diagnostic.sourceLine = nil
      // The parser quotes a bare word it cannot read; in a capture that word may be part of a secret.
      if diagnostic.message.hasPrefix("invalid literal") {
        diagnostic.message = "invalid literal, expected a value ('true', 'false', 'null', a number or a string)"
      }
      return (nil, [diagnostic])
    } catch {
      return (nil, [Diagnostic(.error, "\(error)", file: file.path)])
    }
  }

  /// `path` relative to `root` when it lies under it, else `path` itself (without a leading `./`).
  static func relativePath(_ path: String, root: String?) -> String {
    var path = Substring(path)
    while path.hasPrefix("./") { path = path.dropFirst(2) }
    guard let rootText = root else { return String(path) }
    var root = Substring(rootText)
    while root.hasPrefix("./") { root = root.dropFirst(2) }
    while root.hasSuffix("/") { root = root.dropLast() }
    if root.isEmpty || root == "." { return String(path) }
    return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : String(path)
  }

  // MARK: - Diagnostics

  /// A diagnostic at a value of this file (at the file when the value has no span), without a source line.
  func diagnostic(_ severity: Diagnostic.Severity, _ message: String, at value: Value?) -> Diagnostic {
    guard let span = value?.span else { return Diagnostic(severity, message, file: file.path) }
    var diagnostic = Diagnostic(severity, message, in: file, at: span.start)
    diagnostic.sourceLine = nil
    return diagnostic
  }

  /// Where a value is.
  func location(of value: Value?) -> SourceLocation? {
    value?.span.map { file.location(of: $0.start) }
  }

  // MARK: - Reading values

  /// The items of a list; `[]` for a missing key; an error (and `[]`) for anything but a list.
  func items(_ value: Value?, named name: String, diagnostics: inout [Diagnostic]) -> [Value] {
    guard let value, !value.isNull else { return [] }
    guard let items = value.list else {
      diagnostics.append(diagnostic(.error, "`\(name)` must be a list", at: value))
      return []
    }
    return items
  }

  /// The objects of a list; an error for each item that is not an object.
  func objects(_ value: Value?, named name: String, diagnostics: inout [Diagnostic]) -> [Value] {
    items(value, named: name, diagnostics: &diagnostics).filter { item in
      if item.map != nil { return true }
      diagnostics.append(diagnostic(.error, "an item of `\(name)` must be an object", at: item))
      return false
    }
  }

  /// A string field (a number is taken as its spelling: YAML output may leave an id unquoted).
  static func text(_ value: Value?) -> String? {
    guard let value else { return nil }
    switch value.kind {
    case .string(let text): return text
    case .number(let number): return number.text
    default: return nil
    }
  }

  /// A string field that must be there; an error at `object` when it is missing or empty.
  func requiredText(_ object: Value, _ key: String, in what: String, diagnostics: inout [Diagnostic]) -> String? {
    if let text = Self.text(object[key]), !text.isEmpty { return text }
    diagnostics.append(diagnostic(.error, "\(what) without `\(key)`", at: object[key] ?? object))
    return nil
  }

  /// A JSON document that AWS hands over as a string (`ActualProperties`, Cloud Control's `Properties`, a
  /// policy document); an object or list in its place (a tool that parsed it already) is taken as it is.
  /// - Returns: the value without spans, or `nil` and an error naming the field.
  func embeddedJSON(_ value: Value, field: String, of owner: String, diagnostics: inout [Diagnostic]) -> Value? {
    switch value.kind {
    case .map, .list: return value.withoutSpans
    case .string(let text):
      do {
        return try Self.parseJSON(text)
      } catch let problem as Diagnostic {
        let position = problem.location.map { " (line \($0.line), column \($0.column) of the string)" } ?? ""
        diagnostics.append(diagnostic(.error, "`\(field)` of \(owner) is not valid JSON\(position)", at: value))
        return nil
      } catch {
        diagnostics.append(diagnostic(.error, "`\(field)` of \(owner) is not valid JSON", at: value))
        return nil
      }
    default:
      diagnostics.append(diagnostic(.error, "`\(field)` of \(owner) must be a JSON document in a string", at: value))
      return nil
    }
  }

  /// Parses JSON text into a value without spans.
  /// - Throws: the parser's ``Diagnostic`` (positions relative to the text).
  static func parseJSON(_ text: String) throws -> Value {
    let file = SourceFile(path: "", text: text)
    guard let root = try JSONParser().parse(file).root else { return .null }
    return try Value(syntax: root, schema: .core, file: file).withoutSpans
  }
}
