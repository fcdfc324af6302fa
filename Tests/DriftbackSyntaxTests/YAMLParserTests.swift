import Testing

@testable import DriftbackSyntax

@Suite("YAML parser")
struct YAMLParserTests {
  func parse(_ text: String, limits: ParseLimits = .default) throws -> [SyntaxDocument] {
    try YAMLParser(limits: limits).parse(SourceFile(path: "t.yaml", text: text))
  }

  func error(_ text: String, limits: ParseLimits = .default) -> Diagnostic? {
    do {
      _ = try parse(text, limits: limits)
      return nil
    } catch let diagnostic as Diagnostic {
      return diagnostic
    } catch {
      return nil
    }
  }

  @Test func spansOfScalarsAndCollections() throws {
    let text = """
      # comment
      metadata:
        name: web   # trailing
        labels: {app: 'web', tier: "front"}
      items:
      - a
      - b
      """
    let file = SourceFile(path: "t.yaml", text: text)
    let documents = try YAMLParser().parse(file)
    let root = try #require(documents.first?.root)
    #expect(file.text(root.span).hasPrefix("metadata:"))
    #expect(file.text(root.span).hasSuffix("- b"))
    let metadata = try #require(root["metadata"])
    #expect(file.text(try #require(metadata["name"]).span) == "web")
    let labels = try #require(metadata["labels"])
    #expect(file.text(labels.span) == "{app: 'web', tier: \"front\"}")
    if case .mapping(_, let style) = labels.content { #expect(style == .flow) } else { Issue.record("not a map") }
    #expect(file.text(try #require(labels["app"]).span) == "'web'")
    #expect(labels["app"]?.scalarStyle == .singleQuoted)
    #expect(labels["tier"]?.scalarStyle == .doubleQuoted)
    let items = try #require(root["items"])
    #expect(file.text(items.span) == "- a\n- b")
    #expect(items.items?.map(\.scalarValue) == ["a", "b"])
  }

  @Test func blockMappingSpanDoesNotSwallowTrailingComments() throws {
    let text = "a:\n  b: 1\n  c: 2\n# comment after\nd: 3\n"
    let file = SourceFile(path: "t.yaml", text: text)
    let root = try #require(try YAMLParser().parse(file).first?.root)
    #expect(file.text(try #require(root["a"]).span) == "b: 1\n  c: 2")
  }

  @Test func multiByteCharactersGiveByteSpans() throws {
    let text = "name: \"café ☕\"\nnext: après\n"
    let file = SourceFile(path: "t.yaml", text: text)
    let root = try #require(try YAMLParser().parse(file).first?.root)
    let next = try #require(root["next"])
    #expect(file.text(next.span) == "après")
    #expect(next.span.start == Array("name: \"café ☕\"\nnext: ".utf8).count)
    #expect(root["name"]?.scalarValue == "café ☕")
  }

  @Test func byteOrderMarkIsSkipped() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: é\nb: c\n".utf8)
    let file = SourceFile(path: "t.yaml", bytes: bytes)
    let root = try #require(try YAMLParser().parse(file).first?.root)
    #expect(file.text(try #require(root["b"]).span) == "c")
  }

  @Test func scalarStyles() throws {
    let text = "p: plain\ns: 'single'\nd: \"double\"\nl: |\n  line1\n  line2\nf: >-\n  folded\n  text\n"
    let root = try #require(try parse(text).first?.root)
    #expect(root["p"]?.scalarStyle == .plain)
    #expect(root["s"]?.scalarStyle == .singleQuoted)
    #expect(root["d"]?.scalarStyle == .doubleQuoted)
    #expect(root["l"]?.scalarStyle == .literal)
    #expect(root["l"]?.scalarValue == "line1\nline2\n")
    #expect(root["f"]?.scalarStyle == .folded)
    #expect(root["f"]?.scalarValue == "folded text")
  }

  @Test func multipleDocumentsAndEmptyOnes() throws {
    let documents = try parse("a: 1\n---\n---\nb: 2\n...\n")
    #expect(documents.count == 3)
    #expect(documents[0].root?["a"]?.scalarValue == "1")
    #expect(documents[1].root?.isNullScalar == true)
    #expect(documents[2].root?["b"]?.scalarValue == "2")
    #expect(try parse("# only a comment\n").isEmpty)
  }

  @Test func tagsAnchorsAndAliases() throws {
    let text = "base: &b {x: 1}\ncopy: *b\nn: !!str 42\nref: !Ref Thing\n"
    let root = try #require(try parse(text).first?.root)
    #expect(root["base"]?.anchor == "b")
    let copy = try #require(root["copy"])
    #expect(copy.aliasSpan != nil)
    #expect(copy["x"]?.scalarValue == "1")
    #expect(root["n"]?.tag == YAMLTag.string)
    #expect(root["ref"]?.tag == "!Ref")
  }

  @Test func billionLaughsIsAnError() throws {
    var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    var previous = "a"
    for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
      text +=
        "\(name): &\(name) [*\(previous),*\(previous),*\(previous),*\(previous),*\(previous),*\(previous),*\(previous),*\(previous),*\(previous)]\n"
      previous = name
    }
    let diagnostic = try #require(error(text))
    #expect(diagnostic.message.contains("billion laughs"))
    #expect(diagnostic.location?.line ?? 0 > 1)
  }

  @Test func deepNestingIsAnError() throws {
    let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    let diagnostic = try #require(error(text))
    #expect(diagnostic.message.contains("nesting is deeper"))
    #expect(diagnostic.location?.column == 201)
  }

  @Test func duplicateKeysAreAnError() throws {
    let diagnostic = try #require(error("metadata:\n  name: a\n  name: b\n"))
    #expect(diagnostic.message == "duplicate mapping key \"name\"")
    #expect(diagnostic.location?.line == 3)
    #expect(diagnostic.location?.column == 3)
    let many = (0..<40).map { "k\($0): v" }.joined(separator: "\n") + "\nk7: again\n"
    #expect(error(many)?.location?.line == 41)
  }

  @Test func syntaxErrorIsRenderedLikeACompiler() throws {
    let diagnostic = try #require(error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n"))
    #expect(diagnostic.severity == .error)
    let rendered = diagnostic.rendered
    #expect(rendered.hasPrefix("t.yaml:"))
    #expect(rendered.contains(": error: "))
    let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 3)
    #expect(lines.last?.hasSuffix("^") == true)
  }

  @Test func tabIndentationIsAnError() throws {
    let diagnostic = try #require(error("a:\n\tb: 1\n"))
    #expect(diagnostic.location?.line == 2)
  }

  @Test func fileSizeLimit() throws {
    let diagnostic = try #require(error("a: 1\n", limits: ParseLimits(maxFileBytes: 3)))
    #expect(diagnostic.message.contains("larger than the limit"))
  }

  @Test func streamsTopLevelItems() throws {
    let text = "apiVersion: v1\nitems:\n- kind: A\n  metadata: {name: a}\n- kind: B\nkind: List\n"
    var seen: [String] = []
    let documents = try YAMLParser().parse(SourceFile(path: "t.yaml", text: text)) { item in
      seen.append(item["kind"]?.scalarValue ?? "?")
    }
    #expect(seen == ["A", "B"])
    let root = try #require(documents.first?.root)
    #expect(root["items"]?.items?.isEmpty == true)
    #expect(root["kind"]?.scalarValue == "List")
  }

  @Test func callbackErrorsPropagate() throws {
    struct Stop: Error {}
    #expect(throws: Stop.self) {
      _ = try YAMLParser().parse(SourceFile(path: "t.yaml", text: "items:\n- a\n")) { _ in throw Stop() }
    }
  }
}
