import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("Model: values from YAML and JSON")
struct ValueConversionModelTests {
  /// Documents that must come out the same through `Value(syntax:schema:file:)` and `ValueTreeFactory`.
  static let documents: [String] = [
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      labels: {app: web, "tier": 'front'}
    spec:
      replicas: 3
      template:
        spec:
          containers:
            - name: web
              args: ["--port", 8080, --verbose]
              env:
                - {name: RATIO, value: "1.5"}
    """,
    """
    scalars:
      mode: 0644
      quotedMode: "0644"
      hex: 0x1F
      flagYes: yes
      flagOff: Off
      float: 1.10
      exponent: 1e3
      tagged: !!str 123
      null1:
      null2: ~
      text: |
        line one
        line two
      folded: >-
        folded
        text
    """,
    """
    base: &base
      image: nginx
      imagePullPolicy: Always
    extra: &extra {extra: 1, image: httpd}
    web:
      <<: *base
      imagePullPolicy: IfNotPresent
    multi:
      name: multi
      <<: [*base, *extra]
    inline:
      <<: {a: 1}
      b: 2
    """,
    """
    first: &shared
      list: [a, b]
      map: {k: v}
    second: *shared
    scalar: &s hello
    again: *s
    last: plain
    ---
    - just
    - a list
    ---
    plain scalar document
    """,
  ]

  @Test(arguments: documents)
  func factoryAndSyntaxTreeGiveTheSameValues(text: String) throws {
    let direct = try ModelFixture.documents(text)
    let viaSyntax = try ModelFixture.syntaxDocuments(text)
    #expect(direct.count == viaSyntax.count)
    #expect(direct == viaSyntax)
    // And the same spans: edits are planned from whichever path built the value.
    #expect(Self.spans(of: direct) == Self.spans(of: viaSyntax))
  }

  @Test func kubernetesSchemaResolvesScalarsLikeKubectl() throws {
    let value = try ModelFixture.yaml(Self.documents[1])
    let scalars = try #require(value["scalars"])
    #expect(scalars["mode"] == 420, "YAML 1.1 octal under the Kubernetes schema")
    #expect(scalars["mode"]?.scalarText == "0644", "the spelling is kept for edits")
    #expect(scalars["quotedMode"] == "0644")
    #expect(scalars["hex"] == 31)
    #expect(scalars["flagYes"] == true)
    #expect(scalars["flagOff"] == false)
    #expect(scalars["float"]?.number?.double == 1.1)
    #expect(scalars["exponent"] == 1000)
    #expect(scalars["tagged"] == "123")
    #expect(scalars["null1"] == .null)
    #expect(scalars["null2"] == .null)
    #expect(scalars["text"] == "line one\nline two\n")
    #expect(scalars["folded"] == "folded text")
  }

  @Test func coreSchemaKeepsYAML12Rules() throws {
    let value = try #require(
      try ModelFixture.syntaxDocuments("mode: 0644\nflag: yes\nreal: true\n", schema: .core).first)
    #expect(value["mode"] == 644)
    #expect(value["flag"] == "yes")
    #expect(value["real"] == true)
  }

  @Test func mergeKeysApplyWithExplicitKeysWinning() throws {
    for value in [
      try ModelFixture.yaml(Self.documents[2]), try #require(try ModelFixture.syntaxDocuments(Self.documents[2]).first),
    ] {
      let web = try #require(value["web"]?.map)
      #expect(web.keys == ["imagePullPolicy", "image"])
      #expect(web["imagePullPolicy"] == "IfNotPresent")
      #expect(web["image"] == "nginx")
      let multi = try #require(value["multi"]?.map)
      #expect(multi.keys == ["name", "image", "imagePullPolicy", "extra"])
      #expect(multi["image"] == "nginx", "the first mapping of a merge list wins")
      #expect(value["inline"] == ["b": 2, "a": 1])
      #expect(web.entry("<<") == nil)
    }
  }

  @Test func mergedAndAliasedValuesHaveNoSpans() throws {
    for value in [
      try ModelFixture.yaml(Self.documents[3]), try #require(try ModelFixture.syntaxDocuments(Self.documents[3]).first),
    ] {
      let first = try #require(value["first"])
      let second = try #require(value["second"])
      #expect(first == second)
      #expect(ModelFixture.hasSpans(first), "the anchored original keeps its spans")
      #expect(!ModelFixture.hasSpans(second), "an alias copy must not be edited in place")
      #expect(value["again"] == "hello")
      #expect(value["again"]?.span == nil)
      #expect(value["scalar"]?.span != nil)
    }
    let merged = try ModelFixture.yaml(Self.documents[2])
    let web = try #require(merged["web"]?.map)
    #expect(web["imagePullPolicy"]?.span != nil, "an explicit key is editable")
    #expect(web["image"]?.span == nil, "a merged key is not")
    #expect(web.entry("image")?.keySpan == nil)
  }

  @Test func aMappingThatEndsWithAnAliasCoversItsWholeText() throws {
    let text = "image: &img nginx\nweb:\n  name: web\n  image: *img\nnext: 1\n"
    let file = SourceFile(path: "inline.yaml", text: text)
    let aliasEnd = text.utf8.count - "\nnext: 1\n".utf8.count
    let webStart = 25  // the `name` key under `web:`
    #expect(file.text(ByteSpan(start: webStart, end: aliasEnd)) == "name: web\n  image: *img")
    do {
      let direct = try ModelFixture.yaml(text)
      #expect(direct["web"]?.span == ByteSpan(start: webStart, end: aliasEnd))
      let viaSyntax = try #require(try ModelFixture.syntaxDocuments(text).first)
      #expect(viaSyntax["web"]?.span == ByteSpan(start: webStart, end: aliasEnd))
    }
  }

  @Test func aQuotedMergeKeyIsAnOrdinaryKey() throws {
    // YAML (and go-yaml, which kubectl uses) treats only a plain `<<` as a merge key.
    let text = """
      base: &base {image: nginx}
      web:
        "<<": *base
        name: web
      """
    let viaSyntax = try #require(try ModelFixture.syntaxDocuments(text).first)
    #expect(viaSyntax["web"]?.map?.keys == ["<<", "name"])
    do {
      let direct = try ModelFixture.yaml(text)
      #expect(direct == viaSyntax)
      #expect(direct["web"]?.map?.keys == ["<<", "name"])
    }
  }

  @Test func aMergeKeyOnAScalarIsAnError() {
    #expect(throws: Diagnostic.self) { try ModelFixture.yaml("web:\n  <<: 3\n") }
    #expect(throws: Diagnostic.self) { try ModelFixture.syntaxDocuments("web:\n  <<: 3\n") }
  }

  // MARK: - JSON

  @Test func jsonGivesTheSameValuesAsYAML() throws {
    let yaml = try ModelFixture.yaml(
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: café
        annotations:
          note: "line\\nbreak"
      spec:
        ports:
          - {port: 443, targetPort: "https", protocol: TCP}
          - port: 80
            targetPort: 8080
        ratio: 1.0
        publishNotReadyAddresses: false
        selector: {}
        externalIPs: []
        loadBalancerIP: null
      """)
    let json = try ModelFixture.json(
      """
      {"apiVersion": "v1", "kind": "Service",
       "metadata": {"name": "caf\\u00e9", "annotations": {"note": "line\\nbreak"}},
       "spec": {"ports": [{"port": 443, "targetPort": "https", "protocol": "TCP"}, {"port": 80, "targetPort": 8080}],
                "ratio": 1, "publishNotReadyAddresses": false, "selector": {}, "externalIPs": [],
                "loadBalancerIP": null}}
      """)
    #expect(json == yaml)
    #expect(json["metadata"]?["name"] == "café")
    #expect(json["spec"]?["ports"]?.list?.first?["targetPort"] == "https")
  }

  @Test func jsonStringsNeverResolveAsYAMLScalars() throws {
    let json = try ModelFixture.json(#"{"mode": "0644", "flag": "yes", "empty": "", "nothing": "null"}"#)
    #expect(json == ["mode": "0644", "flag": "yes", "empty": "", "nothing": "null"])
  }

  @Test func jsonValuesKeepTheirSpans() throws {
    let text = "{\n  \"spec\": {\n    \"replicas\": 3\n  }\n}\n"
    let file = SourceFile(path: "live.json", text: text)
    let value = try Value(syntax: try #require(try JSONParser().parse(file).root), schema: .kubernetes, file: file)
    let replicas = try #require(value["spec"]?["replicas"]?.span)
    #expect(file.text(replicas) == "3")
    #expect(file.location(of: replicas.start) == SourceLocation(file: "live.json", line: 3, column: 17))
  }

  // MARK: - Helpers

  /// Every span in the documents, by rendered path (`@key` for a key span).
  static func spans(of values: [Value]) -> [String: ByteSpan] {
    var result: [String: ByteSpan] = [:]
    func walk(_ value: Value, _ path: String) {
      if let span = value.span { result[path] = span }
      switch value.kind {
      case .list(let items):
        for (index, item) in items.enumerated() { walk(item, "\(path)[\(index)]") }
      case .map(let map):
        for entry in map.entries {
          if let keySpan = entry.keySpan { result["\(path).\(entry.key)@key"] = keySpan }
          walk(entry.value, "\(path).\(entry.key)")
        }
      default:
        break
      }
    }
    for (index, value) in values.enumerated() { walk(value, "#\(index)") }
    return result
  }
}
