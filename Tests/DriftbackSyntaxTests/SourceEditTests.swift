import Testing

@testable import DriftbackSyntax

@Suite("Source edits")
struct SourceEditTests {
  @Test func appliesInAnyOrder() throws {
    let text = "replicas: 3\nimage: a:1\n"
    let edits = [
      SourceEdit(span: ByteSpan(start: 19, end: 22), replacement: "a:2"),
      SourceEdit(span: ByteSpan(start: 10, end: 11), replacement: "5"),
      SourceEdit.insert("# end\n", at: 23),
    ]
    #expect(try SourceEditApplier.apply(edits, to: text) == "replicas: 5\nimage: a:2\n# end\n")
  }

  @Test func refusesOverlaps() {
    let text = "abcdef"
    #expect(throws: SourceEditApplier.Failure.self) {
      _ = try SourceEditApplier.apply(
        [
          SourceEdit(span: ByteSpan(start: 0, end: 3), replacement: "x"),
          SourceEdit(span: ByteSpan(start: 2, end: 4), replacement: "y"),
        ], to: text)
    }
    #expect(throws: SourceEditApplier.Failure.self) {
      _ = try SourceEditApplier.apply([SourceEdit.insert("a", at: 2), SourceEdit.insert("b", at: 2)], to: text)
    }
    #expect(throws: SourceEditApplier.Failure.self) {
      _ = try SourceEditApplier.apply([SourceEdit(span: ByteSpan(start: 4, end: 9), replacement: "")], to: text)
    }
  }

  @Test func noEditsIsIdentity() throws {
    let bytes = Array("a: 1\n# c\n".utf8)
    #expect(try SourceEditApplier.apply([], to: bytes) == bytes)
  }

  @Test func locations() {
    let file = SourceFile(path: "f.yaml", text: "a: 1\nbb: 2\n\nlast")
    #expect(file.location(of: 0) == SourceLocation(file: "f.yaml", line: 1, column: 1))
    #expect(file.location(of: 5) == SourceLocation(file: "f.yaml", line: 2, column: 1))
    #expect(file.location(of: 9) == SourceLocation(file: "f.yaml", line: 2, column: 5))
    #expect(file.location(of: 12) == SourceLocation(file: "f.yaml", line: 4, column: 1))
    #expect(file.lineText(1) == "bb: 2")
    #expect(file.indentation(ofLineAt: 7) == "")
  }
}
