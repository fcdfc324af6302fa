import Testing

@testable import Driftback

@Suite("Model: ValuePath rendering and parsing")
struct ValuePathModelTests {
  typealias Field = ValuePath.KeyField

  /// Paths with the exact text design.md gives them.
  static let rendered: [(ValuePath, String)] = [
    (.root, ""),
    (ValuePath([.key("spec"), .key("replicas")]), "spec.replicas"),
    (
      ValuePath([.key("metadata"), .key("labels"), .key("app.kubernetes.io/name")]),
      #"metadata.labels["app.kubernetes.io/name"]"#
    ),
    (
      ValuePath([
        .key("spec"), .key("template"), .key("spec"), .key("containers"), .item([Field(name: "name", value: "web")]),
        .key("image"),
      ]),
      "spec.template.spec.containers[name=web].image"
    ),
    (
      ValuePath([
        .key("spec"), .key("containers"), .item([Field(name: "name", value: "web")]), .key("ports"),
        .item([Field(name: "containerPort", value: "8080", isNumber: true), Field(name: "protocol", value: "TCP")]),
      ]),
      "spec.containers[name=web].ports[containerPort=8080,protocol=TCP]"
    ),
    (
      ValuePath([
        .key("webhooks"), .item([Field(name: "name", value: "webhook.cert-manager.io")]), .key("clientConfig"),
      ]),
      #"webhooks[name="webhook.cert-manager.io"].clientConfig"#
    ),
    (ValuePath([.key("spec"), .key("tolerations"), .index(0), .key("key")]), "spec.tolerations[0].key"),
    (
      ValuePath([.key("spec"), .key("template"), .key("spec"), .key("containers"), .index(12)]),
      "spec.template.spec.containers[12]"
    ),
    (ValuePath([.key("app.kubernetes.io/name")]), #"["app.kubernetes.io/name"]"#),
    (ValuePath([.key("data"), .key("config.yaml")]), #"data["config.yaml"]"#),
    (ValuePath([.key("a.b"), .key("c")]), #"["a.b"].c"#),
    (ValuePath([.key("data"), .key("0")]), #"data["0"]"#),
    (ValuePath([.key("data"), .key("")]), #"data[""]"#),
    (ValuePath([.key("data"), .key(#"say "hi"\now"#)]), #"data["say \"hi\"\\now"]"#),
    (ValuePath([.key("_private-key_1")]), "_private-key_1"),
    (ValuePath([.key("env"), .item([Field(name: "name", value: "my var")])]), #"env[name="my var"]"#),
    (ValuePath([.key("env"), .item([Field(name: "name", value: "")])]), #"env[name=""]"#),
    (ValuePath([.key("ports"), .item([Field(name: "port", value: "-1", isNumber: true)])]), "ports[port=-1]"),
    (ValuePath([.key("items"), .index(0), .index(1)]), "items[0][1]"),
  ]

  @Test(arguments: rendered)
  func rendersExactlyAsDesignSays(path: ValuePath, text: String) {
    #expect(path.description == text)
  }

  @Test(arguments: rendered)
  func parsingRoundTrips(path: ValuePath, text: String) throws {
    let parsed = try ValuePath(parsing: text)
    #expect(parsed == path)
    #expect(parsed.description == text)
  }

  @Test func parsedKeyFieldsKeepTheirValues() throws {
    let path = try ValuePath(parsing: #"spec.ports[port=443,protocol=TCP].targetPort"#)
    guard case .item(let fields) = path.segments[2] else {
      Issue.record("expected a keyed item, got \(path.segments[2])")
      return
    }
    #expect(fields == [Field(name: "port", value: "443", isNumber: true), Field(name: "protocol", value: "TCP")])
    let quoted = try ValuePath(parsing: #"webhooks[name="a.b,c=d]"]"#)
    #expect(quoted.segments == [.key("webhooks"), .item([Field(name: "name", value: "a.b,c=d]")])])
  }

  @Test(arguments: [
    ("spec..replicas", "expected a key after '.'"),
    ("spec.", "expected a key after '.'"),
    ("spec[", "unterminated '['"),
    (#"data["config.yaml"#, "unterminated string"),
    ("spec.containers[name]", "expected '=' in a list item key"),
    ("spec.containers[name=web", "expected ']'"),
    ("spec.containers[0", "expected ']'"),
    ("spec]", "expected '.' or '['"),
    ("ports[port=1,name]", "expected '=' in a list item key"),
  ])
  func malformedTextIsAnError(text: String, message: String) {
    #expect {
      _ = try ValuePath(parsing: text)
    } throws: { error in
      (error as? ValuePath.ParseError)?.message == message
    }
  }

  @Test func parseErrorsSayWhere() {
    do {
      _ = try ValuePath(parsing: "spec..replicas")
      Issue.record("expected an error")
    } catch let error as ValuePath.ParseError {
      #expect(error.offset == 5)
      #expect(error.description == "expected a key after '.' at offset 5")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func emptyTextIsTheRoot() throws {
    let root = try ValuePath(parsing: "")
    #expect(root.isRoot)
    #expect(root == .root)
  }

  // MARK: - Navigation

  @Test func appendingParentAndPrefix() {
    let spec = ValuePath.root.appending(key: "spec")
    let containers = spec.appending(key: "containers")
    let web = containers.appending(item: [Field(name: "name", value: "web")])
    let image = web.appending(key: "image")
    #expect(image.description == "spec.containers[name=web].image")
    #expect(image.parent == web)
    #expect(ValuePath.root.parent == nil)
    #expect(spec.isPrefix(of: image))
    #expect(image.isPrefix(of: image))
    #expect(!image.isPrefix(of: web))
    #expect(ValuePath.root.isPrefix(of: image))
    #expect(!containers.appending(index: 0).isPrefix(of: image))
    #expect(containers.keys == ["spec", "containers"])
    #expect(image.keys == nil, "a path through a list item has no plain key chain")
  }

  @Test func orderingFollowsTheRenderedText() {
    let paths = ["spec.replicas", "metadata.labels.app", "spec.containers[name=web]", ""].map {
      try! ValuePath(parsing: $0)
    }
    #expect(
      paths.sorted().map(\.description) == ["", "metadata.labels.app", "spec.containers[name=web]", "spec.replicas"])
  }

  @Test(arguments: [
    ("web", true), ("_x", true), ("a-b_c9", true), ("Kind", true),
    ("9lives", false), ("-x", false), ("", false), ("a.b", false), ("a/b", false), ("a b", false), ("é", false),
  ])
  func plainWords(text: String, expected: Bool) {
    #expect(ValuePath.isPlainWord(text) == expected)
  }
}
