import Foundation
import Testing

@testable import DriftbackSyntax

/// Where the external corpora live and how HCL test inputs are made.
enum HCLTestSupport {
  /// The package root, found from this file's path.
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// `$DRIFTBACK_CORPORA`, or `../shared/corpora` next to the package root.
  static let corporaRoot: URL = {
    if let override = ProcessInfo.processInfo.environment["DRIFTBACK_CORPORA"], !override.isEmpty {
      return URL(fileURLWithPath: override)
    }
    return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora")
  }()

  /// A corpus folder, or `nil` (after printing one line naming the path) when it is missing.
  static func corpus(_ relative: String) -> URL? {
    let url = corporaRoot.appendingPathComponent(relative)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      print("corpus not found at \(url.path), skipping")
      return nil
    }
    return url
  }

  /// Relative paths of the files under `folder` whose names end with one of `suffixes`, sorted.
  static func files(under folder: URL, suffixes: [String]) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    var found: [String] = []
    for case let path as String in enumerator where suffixes.contains(where: path.hasSuffix) {
      found.append(path)
    }
    return found.sorted()
  }

  /// Parses inline text, failing the test with the diagnostic when it does not parse.
  static func parse(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> HCLFile {
    let file = DriftbackSyntax.SourceFile(path: "test.tf", text: text)
    do {
      return try HCLParser().parse(file)
    } catch let diagnostic as Diagnostic {
      Issue.record("unexpected error: \(diagnostic.rendered)", sourceLocation: sourceLocation)
      throw diagnostic
    }
  }

  /// The expression of the attribute `name` in `text`.
  static func expression(_ text: String, named name: String = "x") throws -> (HCLExpression, HCLFile) {
    let file = try parse(text)
    let attribute = try #require(file.body.attribute(named: name))
    return (attribute.expression, file)
  }

  /// The diagnostics of a file that must not parse.
  static func errors(_ text: String) -> [Diagnostic] {
    let file = DriftbackSyntax.SourceFile(path: "bad.tf", text: text)
    return (try? HCLParser().parseRecovering(file).diagnostics) ?? []
  }
}
