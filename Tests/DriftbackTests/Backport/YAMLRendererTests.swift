import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("YAMLRenderer")
struct YAMLRendererTests {
  /// Parses rendered text back into a value (Kubernetes schema).
  private func reparse(_ text: String) throws -> Value {
    let file = SourceFile(path: "rendered.yaml", text: text)
    let documents = try YAMLParser().parse(file)
    let root = try #require(documents.first?.root)
    return try Value(syntax: root, schema: .kubernetes, file: file)
  }

  private static let configMap: Value = .object([
    "apiVersion": "v1",
    "kind": "ConfigMap",
    "metadata": .object(["name": "web", "labels": .object(["app.kubernetes.io/name": "web"])]),
    "data": .object([
      "enabled": "true", "mode": "0644", "ratio": "1.0", "empty": "", "none": "null", "yes": "yes",
      "script": "echo hi\nexit 0\n", "banner": "  indented\nline", "note": "a: b", "hash": "x #y", "star": "*ref",
      "padded": " x ", "flag": "--port=80", "date": "2026-11-21", "tab": "a\tb", "quote": "it's",
    ]),
    "spec": .object([
      "ports": [.object(["name": "http", "port": 80])],
      "replicas": 3,
      "ratio": Value(.number(Number(text: "1.50", integer: nil, double: 1.5))),
      "empty": .object([:]),
      "none": [],
      "nothing": nil,
      "on": true,
    ]),
  ])

  @Test func rendersABlockDocumentThatReadsBackAsTheSameValue() throws {
    let text = YAMLRenderer.document(Self.configMap)
    #expect(
      text == """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web
          labels:
            app.kubernetes.io/name: web
        data:
          enabled: "true"
          mode: "0644"
          ratio: "1.0"
          empty: ""
          none: "null"
          "yes": "yes"
          script: |
            echo hi
            exit 0
          banner: |2-
              indented
            line
          note: "a: b"
          hash: "x #y"
          star: "*ref"
          padded: " x "
          flag: --port=80
          date: "2026-11-21"
          tab: "a\\tb"
          quote: it's
        spec:
          ports:
            - name: http
              port: 80
          replicas: 3
          ratio: 1.50
          empty: {}
          none: []
          nothing: null
          "on": true

        """)
    #expect(try reparse(text) == Self.configMap)
  }

  @Test func indentsByTheRequestedUnitAndSequenceStyle() throws {
    let value: Value = .object([
      "spec": .object(["containers": [.object(["name": "web", "args": ["a", "b"]])]])
    ])
    #expect(
      YAMLRenderer.document(value, indent: 4, indentSequences: false) == """
        spec:
            containers:
            - name: web
              args:
              - a
              - b

        """)
    #expect(
      YAMLRenderer.document(value) == """
        spec:
          containers:
            - name: web
              args:
                - a
                - b

        """)
    #expect(try reparse(YAMLRenderer.document(value, indent: 4, indentSequences: false)) == value)
  }

  @Test func rendersScalarsAndEmptyCollectionsAtTheTop() throws {
    #expect(YAMLRenderer.document("yes") == "\"yes\"\n")
    #expect(YAMLRenderer.document(.object([:])) == "{}\n")
    #expect(YAMLRenderer.document([]) == "[]\n")
    #expect(YAMLRenderer.document("a\nb\n") == "|\n  a\n  b\n")
    #expect(try reparse(YAMLRenderer.document("a\nb\n")) == "a\nb\n")
  }

  @Test(arguments: [
    "true", "True", "yes", "on", "off", "y", "N", "1.0", "0644", "0x1F", "1_000", "1e3", ".inf", "null", "~", "",
    "-", "- x", "?x", ":x", ",x", "[x", "]x", "{x", "}x", "#x", "&x", "*x", "!x", "|x", ">x", "'x", "\"x", "%x",
    "@x", "`x", "---x", "...x", "a: b", "a #b", " a", "a ", "a:", "line\nbreak", "tab\t", "2026-01-02", "bell\u{07}",
  ])
  func quotesStringsThatPlainWouldMisread(_ text: String) throws {
    #expect(YAMLRenderer.plain(text, context: .block) == nil)
    let rendered = YAMLRenderer.scalar(.string(text), context: .block)
    #expect(rendered.hasPrefix("\""))
    #expect(try reparse("k: " + rendered)["k"] == .string(text))
  }

  @Test(arguments: [
    "web", "ghcr.io/acme/shop-web:1.4.2", "--port=8080", "-Xmx512m", "a:b", "a#b", "it's", "250m", "512Mi",
    "http://127.0.0.1:3000/", "café", "x-y_z.w",
  ])
  func writesSafeStringsPlain(_ text: String) throws {
    #expect(YAMLRenderer.scalar(.string(text), context: .block) == text)
    #expect(try reparse("k: " + text)["k"] == .string(text))
  }

  @Test func flowContextAlsoQuotesFlowIndicators() throws {
    #expect(YAMLRenderer.plain("a,b", context: .flow) == nil)
    #expect(YAMLRenderer.plain("a:b", context: .flow) == nil)
    #expect(YAMLRenderer.plain("a,b", context: .block) == "a,b")
    let value: Value = .object(["args": ["--a=1,2", "plain", 3, true, nil], "m": .object(["k": "v"])])
    let flow = YAMLRenderer.flow(value)
    #expect(flow == #"{args: ["--a=1,2", plain, 3, true, null], m: {k: v}}"#)
    #expect(try reparse(flow) == value)
  }

  @Test func rendersScalarsInARequestedStyle() throws {
    #expect(YAMLRenderer.scalar("it's", style: .singleQuoted, context: .block) == "'it''s'")
    #expect(YAMLRenderer.scalar("a\nb", style: .singleQuoted, context: .block) == nil)
    #expect(YAMLRenderer.scalar("say \"hi\"\\", style: .doubleQuoted, context: .block) == #""say \"hi\"\\""#)
    #expect(YAMLRenderer.scalar("true", style: .plain, context: .block) == nil)
    #expect(YAMLRenderer.scalar(8080, style: .plain, context: .block) == "8080")
    #expect(YAMLRenderer.scalar(8080, style: .doubleQuoted, context: .block) == "\"8080\"")
    #expect(YAMLRenderer.scalar(true, style: .singleQuoted, context: .block) == nil)
    #expect(YAMLRenderer.doubleQuoted("\u{7F}\u{85}\u{2028}\u{FEFF}é") == #""\u007f\u0085\u2028\ufeffé""#)
  }

  @Test func keysArePlainOnlyWhenSafe() {
    #expect(YAMLRenderer.key("app.kubernetes.io/name", context: .block) == "app.kubernetes.io/name")
    #expect(YAMLRenderer.key("on", context: .block) == "\"on\"")
    #expect(YAMLRenderer.key("8080", context: .block) == "\"8080\"")
    #expect(YAMLRenderer.key("<<", context: .block) == "\"<<\"")
    #expect(YAMLRenderer.key("a b: c", context: .block) == "\"a b: c\"")
  }

  @Test func numbersKeepTheirSpellingWhenItReadsBackAsANumber() {
    #expect(YAMLRenderer.numberText(Number(text: "0644", integer: 420, double: 420)) == "0644")
    #expect(YAMLRenderer.numberText(Number(text: "1e3", integer: nil, double: 1000)) == "1e3")
    #expect(YAMLRenderer.numberText(Number(text: "0b101", integer: 5, double: 5)) == "0b101")
    #expect(YAMLRenderer.numberText(Number(text: "five", integer: 5, double: 5)) == "5")
  }

  @Test func literalBlocksChooseChompingAndIndicator() throws {
    let strip = try #require(YAMLRenderer.literalBlock("a\nb", contentColumn: 4, parentIndent: 2))
    #expect(strip.header == "|-")
    #expect(strip.lines == ["    a", "    b"])
    let keep = try #require(YAMLRenderer.literalBlock("a\n\n\n", contentColumn: 2, parentIndent: 0))
    #expect(keep.header == "|+")
    #expect(keep.lines == ["  a", "", ""])
    let indented = try #require(YAMLRenderer.literalBlock("  a\nb\n", contentColumn: 4, parentIndent: 2))
    #expect(indented.header == "|2")
    #expect(YAMLRenderer.literalBlock("one line", contentColumn: 2, parentIndent: 0) == nil)
    #expect(YAMLRenderer.literalBlock("a\r\nb", contentColumn: 2, parentIndent: 0) == nil)
    #expect(YAMLRenderer.literalBlock("\n\n", contentColumn: 2, parentIndent: 0) == nil)
    for text in ["a\nb", "a\n\n\n", "  a\nb\n", "\nlead\n", "x\n  more\n\ty\n"] {
      let value: Value = .object(["k": .string(text)])
      #expect(try reparse(YAMLRenderer.document(value)) == value, "\(text.debugDescription)")
    }
  }
}
