import Testing

@testable import DriftbackSyntax

// MARK: - Helpers

private func parse(
  _ text: String, limits: ParseLimits = .default, path: String = "test.json"
) throws -> (SourceFile, SyntaxDocument) {
  let file = SourceFile(path: path, text: text)
  return (file, try JSONParser(limits: limits).parse(file))
}

/// The diagnostic thrown for `file`, or `nil` when it parses.
private func parseError(_ file: SourceFile, limits: ParseLimits = .default) -> Diagnostic? {
  do {
    _ = try JSONParser(limits: limits).parse(file)
    return nil
  } catch let diagnostic as Diagnostic {
    return diagnostic
  } catch {
    Issue.record("unexpected error type: \(error)")
    return nil
  }
}

private func parseError(_ text: String, limits: ParseLimits = .default) -> Diagnostic? {
  parseError(SourceFile(path: "test.json", text: text), limits: limits)
}

private struct StopStreaming: Error {}

// MARK: - Nodes and spans

@Test func objectMembersHaveExactSpans() throws {
  let text =
    #"  {"name": "web", "n": -1.5e+3, "ok": true, "no": false, "nil": null, "list": [1, {"k": []}], "e": {}}  "#
  let (file, document) = try parse(text)
  let root = try #require(document.root)
  #expect(document.index == 0)
  #expect(file.text(document.span) == text.trimmingWhitespace())
  #expect(root.span == document.span)
  guard case .mapping(let entries, .flow) = root.content else {
    Issue.record("root is not a flow mapping")
    return
  }
  #expect(
    entries.map { file.text($0.key.span) } == [#""name""#, #""n""#, #""ok""#, #""no""#, #""nil""#, #""list""#, #""e""#])
  #expect(entries.map { $0.key.scalarValue } == ["name", "n", "ok", "no", "nil", "list", "e"])
  #expect(entries.allSatisfy { $0.key.scalarStyle == .doubleQuoted })
  #expect(
    entries.map { file.text($0.value.span) } == [
      #""web""#, "-1.5e+3", "true", "false", "null", #"[1, {"k": []}]"#, "{}",
    ])

  #expect(root["name"]?.scalarValue == "web")
  #expect(root["name"]?.scalarStyle == .doubleQuoted)
  for key in ["n", "ok", "no", "nil"] {
    #expect(root[key]?.scalarStyle == .plain)
  }
  #expect(root["ok"]?.scalarValue == "true")
  #expect(root["no"]?.scalarValue == "false")
  #expect(root["nil"]?.scalarValue == "null")
  #expect(root["nil"]?.isNullScalar == true)

  let list = try #require(root["list"])
  guard case .sequence(let items, .flow) = list.content else {
    Issue.record("list is not a flow sequence")
    return
  }
  #expect(items.count == 2)
  #expect(file.text(items[0].span) == "1")
  #expect(file.text(items[1].span) == #"{"k": []}"#)
  let inner = try #require(items[1]["k"])
  #expect(inner.items?.isEmpty == true)
  #expect(file.text(inner.span) == "[]")
  #expect(root["e"]?.entries?.isEmpty == true)
  #expect(root.nodeCount == 19)
}

@Test func topLevelScalarsAndEmptyCollections() throws {
  for (text, value) in [(#""x""#, "x"), ("42", "42"), ("null", "null"), ("true", "true")] {
    let (file, document) = try parse(" \n" + text + "\n")
    let root = try #require(document.root)
    #expect(root.scalarValue == value)
    #expect(file.text(root.span) == text)
    #expect(document.span == ByteSpan(start: 2, end: 2 + text.utf8.count))
  }
  let (file, document) = try parse("\r\n\t [ ]\r\n")
  #expect(file.text(document.span) == "[ ]")
  #expect(document.root?.items?.isEmpty == true)
  let (_, object) = try parse("{}")
  #expect(object.root?.entries?.isEmpty == true)
  #expect(object.root?.span == ByteSpan(start: 0, end: 2))
}

@Test func byteOrderMarkIsSkipped() throws {
  let (file, document) = try parse("\u{FEFF}[1]")
  #expect(document.span == ByteSpan(start: 3, end: 6))
  #expect(file.text(document.span) == "[1]")
  #expect(document.root?.items?.first?.span == ByteSpan(start: 4, end: 5))
}

@Test(arguments: ["1.0", "1e3", "-0", "0", "1E-7", "-12.50e+02", "123456789012345678901234567890", "0.000"])
func numbersKeepTheirSpelling(spelling: String) throws {
  let (file, document) = try parse("[\(spelling)]")
  let number = try #require(document.root?.items?.first)
  #expect(number.scalarValue == spelling)
  #expect(number.scalarStyle == .plain)
  #expect(file.text(number.span) == spelling)
}

@Test func escapesAreDecoded() throws {
  let text = #"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u00E9", "\ud83d\ude00", "\u0000", 42]"#
  let (file, document) = try parse(text)
  let items = try #require(document.root?.items)
  #expect(items[0].scalarValue == "a\"b\\c/d\u{8}\u{C}\n\r\t")
  #expect(items[1].scalarValue == "éé")
  #expect(items[2].scalarValue == "😀")
  #expect(items[3].scalarValue == "\u{0}")
  #expect(items.dropLast().allSatisfy { $0.scalarStyle == .doubleQuoted })
  #expect(file.text(items[0].span) == #""a\"b\\c\/d\b\f\n\r\t""#)
  #expect(file.text(items[2].span) == #""\ud83d\ude00""#)
  #expect(file.text(items[4].span) == "42")
}

@Test func rawMultiByteTextKeepsByteSpans() throws {
  // "é" is 2 bytes, "😀" 4 and "☃" 3: every span after them is counted in bytes.
  let text = #"{"café": "😀☃", "n": 7}"#
  let (file, document) = try parse(text)
  let root = try #require(document.root)
  let entries = try #require(root.entries)
  #expect(entries[0].key.scalarValue == "café")
  #expect(entries[0].key.span == ByteSpan(start: 1, end: 8))
  #expect(entries[0].value.scalarValue == "😀☃")
  #expect(entries[0].value.span == ByteSpan(start: 10, end: 19))
  #expect(entries[1].value.span == ByteSpan(start: 26, end: 27))
  #expect(file.text(entries[1].value.span) == "7")
  #expect(root.span == ByteSpan(start: 0, end: text.utf8.count))

  let diagnostic = try #require(parseError(#"["é" 1]"#))
  #expect(diagnostic.location?.line == 1)
  #expect(diagnostic.location?.column == 7)
}

@Test func keysAreComparedByBytes() throws {
  // Canonically equivalent but differently spelled keys are distinct JSON keys.
  let (_, document) = try parse(#"{"é": 1, "e\u0301": 2}"#)
  #expect(document.root?.entries?.count == 2)
  // An escape spelling the same bytes is the same key.
  let duplicate = try #require(parseError(#"{"é": 1, "\u00e9": 2}"#))
  #expect(duplicate.message == #"duplicate key "\u00e9""#)
  #expect(duplicate.location?.column == 11)
}

@Test func manyKeysStayDistinctAndDuplicatesAreFound() throws {
  let members = (0..<5_000).map { "\"key\($0)\": \($0)" }
  let (_, document) = try parse("{" + members.joined(separator: ", ") + "}")
  #expect(document.root?.entries?.count == 5_000)
  #expect(document.root?["key4999"]?.scalarValue == "4999")

  let text = "{\n" + (0..<40).map { "\"key\($0)\": \($0),\n" }.joined() + "\"key17\": 0\n}"
  let diagnostic = try #require(parseError(text))
  #expect(diagnostic.message == #"duplicate key "key17""#)
  #expect(diagnostic.location?.line == 42)
  #expect(diagnostic.location?.column == 1)
}

// MARK: - Streaming

@Test func topLevelItemsAreStreamedInOrder() throws {
  let text = #"{"apiVersion": "v1", "items": [{"a": 1}, [2], "three"], "kind": "List"}"#
  let file = SourceFile(path: "list.json", text: text)
  var streamed: [String] = []
  let document = try JSONParser().parse(file) { node in streamed.append(file.text(node.span)) }
  #expect(streamed == [#"{"a": 1}"#, "[2]", #""three""#])
  let root = try #require(document.root)
  #expect(root["apiVersion"]?.scalarValue == "v1")
  #expect(root["kind"]?.scalarValue == "List")
  let items = try #require(root["items"])
  #expect(items.items?.isEmpty == true)
  #expect(file.text(items.span) == #"[{"a": 1}, [2], "three"]"#)
  #expect(file.text(document.span) == text)

  let kept = try JSONParser().parse(file, onTopLevelItem: nil)
  #expect(kept.root?["items"]?.items?.count == 3)
}

@Test func onlyTheRootItemsArrayIsStreamed() throws {
  for text in [#"{"spec": {"items": [1, 2]}}"#, #"[{"items": [1]}]"#, #"{"items": {"a": [1]}}"#, #"{"item": [1]}"#] {
    let file = SourceFile(path: "x.json", text: text)
    var calls = 0
    let document = try JSONParser().parse(file) { _ in calls += 1 }
    let kept = try JSONParser().parse(file)
    #expect(calls == 0, "\(text)")
    #expect(document.root?.nodeCount == kept.root?.nodeCount, "\(text)")
  }
}

@Test func streamingCallbackErrorsPropagate() throws {
  let file = SourceFile(path: "x.json", text: #"{"items": [1, 2, 3]}"#)
  var seen: [String] = []
  #expect(throws: StopStreaming.self) {
    try JSONParser().parse(file) { node in
      seen.append(node.scalarValue ?? "")
      if seen.count == 2 { throw StopStreaming() }
    }
  }
  #expect(seen == ["1", "2"])
}

@Test func kubectlListIsStreamed() throws {
  let text = """
    {
        "apiVersion": "v1",
        "items": [
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {
                    "annotations": {
                        "deployment.kubernetes.io/revision": "3"
                    },
                    "labels": {
                        "app": "web"
                    },
                    "name": "web",
                    "namespace": "prod"
                },
                "spec": {
                    "replicas": 3,
                    "template": {
                        "spec": {
                            "containers": [
                                {
                                    "image": "nginx:1.25.3",
                                    "name": "web",
                                    "resources": {
                                        "limits": {
                                            "cpu": "500m",
                                            "memory": "256Mi"
                                        },
                                        "requests": {
                                            "cpu": 0.25
                                        }
                                    }
                                }
                            ]
                        }
                    }
                },
                "status": {
                    "conditions": [
                        {
                            "lastTransitionTime": "2024-05-01T12:00:00Z",
                            "message": "Deployment has minimum availability.",
                            "status": "True",
                            "type": "Available"
                        }
                    ],
                    "observedGeneration": 7
                }
            },
            {
                "apiVersion": "v1",
                "data": {
                    "config.json": "{\\"debug\\": false}\\n"
                },
                "kind": "ConfigMap",
                "metadata": {
                    "name": "web-config",
                    "namespace": "prod"
                }
            }
        ],
        "kind": "List",
        "metadata": {
            "resourceVersion": ""
        }
    }

    """
  let file = SourceFile(path: "cluster.json", text: text)
  var resources: [SyntaxNode] = []
  let document = try JSONParser().parse(file) { resources.append($0) }
  #expect(resources.count == 2)
  #expect(resources.map { $0["kind"]?.scalarValue } == ["Deployment", "ConfigMap"])
  #expect(resources.map { $0["metadata"]?["name"]?.scalarValue } == ["web", "web-config"])
  #expect(resources[0]["spec"]?["replicas"]?.scalarValue == "3")
  let cpu = try #require(
    resources[0]["spec"]?["template"]?["spec"]?["containers"]?.items?.first?["resources"]?["requests"]?["cpu"])
  #expect(cpu.scalarValue == "0.25")
  #expect(file.location(of: cpu.span.start).line == 31)
  #expect(file.location(of: cpu.span.start).column == 48)
  #expect(resources[1]["data"]?["config.json"]?.scalarValue == "{\"debug\": false}\n")
  #expect(file.text(resources[1].span).hasPrefix("{\n"))
  #expect(file.text(resources[1].span).hasSuffix("}"))
  #expect(file.location(of: resources[1].span.start).line == 51)

  let root = try #require(document.root)
  #expect(root["items"]?.items?.isEmpty == true)
  #expect(root["kind"]?.scalarValue == "List")
  #expect(root["metadata"]?["resourceVersion"]?.scalarValue == "")
  #expect(document.span == ByteSpan(start: 0, end: text.utf8.count - 1))

  let whole = try JSONParser().parse(file)
  let kept = try #require(whole.root?["items"]?.items)
  #expect(kept.map(\.span) == resources.map(\.span))
}

// MARK: - Errors

struct JSONErrorCase: Sendable, CustomTestStringConvertible {
  var input: String
  var message: String
  var line: Int
  var column: Int

  var testDescription: String { input.count > 40 ? String(input.prefix(40)) + "…" : input }
}

private let errorCases: [JSONErrorCase] = [
  .init(input: "", message: "empty JSON document", line: 1, column: 1),
  .init(input: " \n\t\n", message: "empty JSON document", line: 3, column: 1),
  .init(input: "\u{FEFF}", message: "empty JSON document", line: 1, column: 4),
  .init(input: "[", message: "expected a value, found end of input", line: 1, column: 2),
  .init(input: "[+1]", message: "expected a value, found '+'", line: 1, column: 2),
  .init(input: "[.5]", message: "expected a value, found '.'", line: 1, column: 2),
  .init(input: #"{"a":"#, message: "expected a value, found end of input", line: 1, column: 6),
  .init(input: "{\n  \"a\": [1,\n    2,,\n  ]\n}", message: "expected a value, found ','", line: 3, column: 7),
  .init(input: "[1 2]", message: "expected ',' or ']' after array element, found '2'", line: 1, column: 4),
  .init(input: "[1, 2", message: "expected ',' or ']' after array element, found end of input", line: 1, column: 6),
  .init(input: "[1}", message: "expected ',' or ']' after array element, found '}'", line: 1, column: 3),
  .init(
    input: #"{"a": 1 "b": 2}"#, message: #"expected ',' or '}' after object member, found '"'"#, line: 1, column: 9),
  .init(input: #"{"a": 1]"#, message: "expected ',' or '}' after object member, found ']'", line: 1, column: 8),
  .init(input: #"{"a" 1}"#, message: "expected ':' after object key, found '1'", line: 1, column: 6),
  .init(input: #"{"a""#, message: "expected ':' after object key, found end of input", line: 1, column: 5),
  .init(input: "{1: 2}", message: "expected a string key after '{' in object, found '1'", line: 1, column: 2),
  .init(input: "{'a': 2}", message: #"expected a string key after '{' in object, found "'""#, line: 1, column: 2),
  .init(input: #"{"a": 1, 2}"#, message: "expected a string key after ',' in object, found '2'", line: 1, column: 10),
  .init(input: "[1,]", message: "trailing comma in array", line: 1, column: 3),
  .init(input: "{\"a\": 1,\n}", message: "trailing comma in object", line: 1, column: 8),
  .init(input: "[1] x", message: "expected end of input after JSON value, found 'x'", line: 1, column: 5),
  .init(input: "{}\n{}", message: "expected end of input after JSON value, found '{'", line: 2, column: 1),
  .init(input: "01", message: "leading zeros are not allowed in numbers", line: 1, column: 1),
  .init(input: "[-01]", message: "leading zeros are not allowed in numbers", line: 1, column: 3),
  .init(input: "1.", message: "expected a digit after '.' in number, found end of input", line: 1, column: 3),
  .init(input: "[1.]", message: "expected a digit after '.' in number, found ']'", line: 1, column: 4),
  .init(input: "-", message: "expected a digit after '-' in number, found end of input", line: 1, column: 2),
  .init(input: "[-a]", message: "expected a digit after '-' in number, found 'a'", line: 1, column: 3),
  .init(input: "1e", message: "expected a digit in number exponent, found end of input", line: 1, column: 3),
  .init(input: "[1e+]", message: "expected a digit in number exponent, found ']'", line: 1, column: 5),
  .init(input: "tru", message: "invalid literal 'tru', expected 'true', 'false' or 'null'", line: 1, column: 1),
  .init(input: "[True]", message: "invalid literal 'True', expected 'true', 'false' or 'null'", line: 1, column: 2),
  .init(input: "[nullx]", message: "invalid literal 'nullx', expected 'true', 'false' or 'null'", line: 1, column: 2),
  .init(input: #""\x""#, message: #"invalid escape '\x' in string"#, line: 1, column: 2),
  .init(
    input: #"["ok", "a\u12G4"]"#, message: #"invalid unicode escape, expected 4 hex digits after '\u'"#, line: 1,
    column: 10),
  .init(input: #""\u12""#, message: #"invalid unicode escape, expected 4 hex digits after '\u'"#, line: 1, column: 2),
  .init(input: #""\ud800""#, message: #"unpaired surrogate '\ud800' in string"#, line: 1, column: 2),
  .init(input: #""ab\udc00""#, message: #"unpaired surrogate '\udc00' in string"#, line: 1, column: 4),
  .init(input: #""\ud800\u0041""#, message: #"unpaired surrogate '\ud800' in string"#, line: 1, column: 2),
  .init(input: #""\ud800\ud800""#, message: #"unpaired surrogate '\ud800' in string"#, line: 1, column: 2),
  .init(input: "\"a\tb\"", message: "unescaped control character 0x09 in string", line: 1, column: 3),
  .init(input: "\"a\\n\u{1}\"", message: "unescaped control character 0x01 in string", line: 1, column: 5),
  .init(input: "[\"ab\ncd\"]", message: "unescaped line break in string", line: 1, column: 5),
  .init(input: "\"abc", message: "unterminated string", line: 1, column: 1),
  .init(input: "[1,\n \"abc\\", message: "unterminated string", line: 2, column: 2),
  .init(input: "{\"name\": 1,\n \"name\": 2}", message: #"duplicate key "name""#, line: 2, column: 2),
  .init(
    input: #"{"a": {"name": 1}, "b": {"name": 2, "x": 3, "name": 4}}"#, message: #"duplicate key "name""#, line: 1,
    column: 45),
]

@Test(arguments: errorCases)
func malformedInputIsLocated(_ errorCase: JSONErrorCase) throws {
  let diagnostic = try #require(parseError(errorCase.input))
  #expect(diagnostic.severity == .error)
  #expect(diagnostic.message == errorCase.message)
  #expect(diagnostic.location?.file == "test.json")
  #expect(diagnostic.location?.line == errorCase.line)
  #expect(diagnostic.location?.column == errorCase.column)
}

@Test func errorsRenderLikeACompiler() throws {
  let file = SourceFile(path: "deploy.json", text: "{\n  \"replicas\": 3,\n}\n")
  let diagnostic = try #require(parseError(file))
  #expect(
    diagnostic.rendered == "deploy.json:2:16: error: trailing comma in object\n  \"replicas\": 3,\n               ^")

  let duplicate = try #require(parseError(SourceFile(path: "a.json", text: #"{"name": 1, "name": 2}"#)))
  #expect(duplicate.rendered == "a.json:1:13: error: duplicate key \"name\"\n{\"name\": 1, \"name\": 2}\n            ^")
}

@Test func invalidUTF8IsAnError() throws {
  let file = SourceFile(path: "bad.json", bytes: [0x5B, 0x22, 0x61, 0xC3, 0x28, 0x22, 0x5D])
  let diagnostic = try #require(parseError(file))
  #expect(diagnostic.message == "invalid UTF-8 in string")
  #expect(diagnostic.location?.column == 4)

  let escaped = SourceFile(path: "bad.json", bytes: [0x22, 0x5C, 0x6E, 0xFF, 0x22])
  #expect(parseError(escaped)?.message == "invalid UTF-8 in string")
  #expect(parseError(escaped)?.location?.column == 4)

  let outside = SourceFile(path: "bad.json", bytes: [0x5B, 0xC3, 0xA9, 0x5D])
  #expect(parseError(outside)?.message == "expected a value, found 'é'")
}

@Test func deepNestingIsRefusedWithoutCrashing() throws {
  let deep = try #require(parseError(String(repeating: "[", count: 100_000)))
  #expect(deep.message == "nesting is deeper than the limit of 200 levels")
  #expect(deep.location?.line == 1)
  #expect(deep.location?.column == 201)

  let objects = String(repeating: #"{"a":"#, count: 100_000)
  #expect(parseError(objects)?.message == "nesting is deeper than the limit of 200 levels")

  let limits = ParseLimits(maxDepth: 3)
  #expect(parseError("[[[1]]]", limits: limits) == nil)
  let tooDeep = try #require(parseError(#"{"a": [{"b": [1]}]}"#, limits: limits))
  #expect(tooDeep.location?.column == 14)

  let allowed = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
  #expect(parseError(allowed) == nil)
  let refused = String(repeating: "[", count: 201) + String(repeating: "]", count: 201)
  #expect(parseError(refused)?.location?.column == 201)
}

@Test func fileSizeLimitIsEnforced() throws {
  let diagnostic = try #require(parseError("[1, 2]", limits: ParseLimits(maxFileBytes: 4)))
  #expect(diagnostic.message == "file is larger than the limit of 4 bytes")
  #expect(diagnostic.location?.file == "test.json")
  #expect(parseError("[1, 2]", limits: ParseLimits(maxFileBytes: 6)) == nil)
}

// MARK: - Local helpers

extension String {
  fileprivate func trimmingWhitespace() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
