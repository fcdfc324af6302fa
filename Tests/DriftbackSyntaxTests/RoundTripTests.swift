import Foundation
import Testing

@testable import DriftbackSyntax

/// Every bundled sample parses, and its tree is faithful to its bytes: re-emitting with no edits gives the
/// file back byte for byte, every node's span lies inside its parent's and after its previous sibling,
/// and every quoted or plain one-line scalar parses back from its own bytes to the same value.
@Suite("Round trip over the samples")
struct RoundTripTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static let sampleFiles: [String] = {
    var files: [String] = []
    for folder in ["iac-samples", "snapshots"] {
      let base = root.appendingPathComponent(folder)
      guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { continue }
      for case let path as String in enumerator where [".yaml", ".yml", ".json"].contains(where: path.hasSuffix) {
        files.append("\(folder)/\(path)")
      }
    }
    return files.sorted()
  }()

  @Test func samplesExist() {
    #expect(Self.sampleFiles.count >= 10, "expected the bundled samples under iac-samples/ and snapshots/")
  }

  @Test(arguments: sampleFiles)
  func roundTrip(_ relativePath: String) throws {
    let bytes = try [UInt8](Data(contentsOf: Self.root.appendingPathComponent(relativePath)))
    let file = SourceFile(path: relativePath, bytes: bytes)
    let roots: [SyntaxNode]
    if relativePath.hasSuffix(".json") {
      roots = [try #require(try JSONParser().parse(file).root)]
    } else {
      roots = try YAMLParser().parse(file).compactMap(\.root)
    }
    #expect(!roots.isEmpty)
    #expect(try SourceEditApplier.apply([], to: bytes) == bytes)
    var checkedScalars = 0
    for root in roots {
      check(root, in: file, parent: ByteSpan(start: 0, end: bytes.count), checked: &checkedScalars)
    }
    #expect(checkedScalars > 0)
  }

  /// Checks a subtree's spans and re-parses its simple scalars from their own bytes.
  func check(_ node: SyntaxNode, in file: SourceFile, parent: ByteSpan, checked: inout Int) {
    #expect(parent.contains(node.span), "\(file.path): span \(node.span) outside its parent \(parent)")
    switch node.content {
    case .scalar(let value, let style):
      let text = file.text(node.span)
      guard node.tag == nil, node.anchor == nil, node.aliasSpan == nil, !text.contains("\n") else { return }
      let reparsed: String?
      switch style {
      case .plain: reparsed = text
      case .singleQuoted, .doubleQuoted:
        reparsed =
          (try? YAMLParser().parse(SourceFile(path: "scalar", text: "v: " + text)))?.first?.root?["v"]?
          .scalarValue
      case .literal, .folded: return
      }
      #expect(reparsed == value, "\(file.path): scalar at \(node.span) reads back as \(reparsed ?? "nil")")
      checked += 1
    case .mapping(let entries, _):
      var previousEnd = node.span.start
      for entry in entries {
        #expect(entry.key.span.start >= previousEnd, "\(file.path): key at \(entry.key.span) overlaps its sibling")
        check(entry.key, in: file, parent: node.span, checked: &checked)
        check(entry.value, in: file, parent: node.span, checked: &checked)
        previousEnd = max(entry.value.span.end, entry.key.span.end)
      }
    case .sequence(let items, _):
      var previousEnd = node.span.start
      for item in items {
        #expect(item.span.start >= previousEnd, "\(file.path): item at \(item.span) overlaps its sibling")
        check(item, in: file, parent: node.span, checked: &checked)
        previousEnd = item.span.end
      }
    }
  }
}
