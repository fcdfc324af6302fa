import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("Model: Value, Number and ValueMap")
struct ValueModelTests {
  // MARK: - Value equality

  @Test func equalityIgnoresSpans() {
    let a = Value(.string("web"), span: ByteSpan(start: 0, end: 3))
    let b = Value(.string("web"), span: ByteSpan(start: 40, end: 43))
    #expect(a == b)
    #expect(a == Value.string("web"))
    var map = ValueMap([ValueMap.Entry(key: "name", keySpan: ByteSpan(start: 1, end: 5), value: a)])
    let spanned = Value(.map(map), span: ByteSpan(start: 0, end: 9))
    map.entries[0].keySpan = nil
    #expect(spanned == Value(.map(map)))
  }

  @Test func numbersAreEqualNumerically() throws {
    let one = try #require(Number(parsing: "1"))
    let onePointZero = try #require(Number(parsing: "1.0"))
    let thousand = try #require(Number(parsing: "1e3"))
    #expect(Value(.number(one)) == Value(.number(onePointZero)))
    #expect(Value(.number(onePointZero)) == 1)
    #expect(Value(.number(thousand)) == 1000)
    #expect(Value(.number(onePointZero)) != 2)
    #expect(Value(.number(try #require(Number(parsing: "1.5")))) != 1)
    // The spelling is kept even though equality ignores it.
    #expect(Value(.number(onePointZero)).scalarText == "1.0")
  }

  @Test func differentKindsAreNotEqual() {
    // Plain `==` is strict about kinds; int-or-string equality is the differ's business.
    #expect(Value.int(8080) != Value.string("8080"))
    #expect(Value.bool(true) != Value.string("true"))
    #expect(Value.null != Value.string(""))
    #expect(Value.list([]) != Value.map(ValueMap()))
    #expect(Value.int(0) != Value.bool(false))
  }

  @Test func listsCompareInOrderAndMapsIgnoreOrder() {
    let ab: Value = ["a", "b"]
    let ba: Value = ["b", "a"]
    #expect(ab != ba)
    #expect(ab != ["a", "b", "c"])
    let first: Value = ["name": "web", "image": "nginx"]
    let second: Value = ["image": "nginx", "name": "web"]
    #expect(first == second)
    #expect(first != ["name": "web", "image": "nginx", "tag": "x"])
    #expect(first != ["name": "web", "image": "httpd"])
    #expect(first != ["name": "web", "img": "nginx"])
  }

  @Test(arguments: [
    (Value.null, true), (Value.string(""), true), (Value.list([]), true), (Value.map(ValueMap()), true),
    (Value.bool(false), false), (Value.int(0), false), (Value.string(" "), false), (Value.list([.null]), false),
    (["a": .null] as Value, false),
  ])
  func isEmptyMeansNotSet(value: Value, expected: Bool) {
    #expect(value.isEmpty == expected)
  }

  // MARK: - Subscripts and paths

  @Test func subscriptReadsAndWritesMapKeys() {
    var value: Value = ["metadata": ["name": "web"], "kind": "Deployment"]
    #expect(value["kind"] == "Deployment")
    #expect(value["metadata"]?["name"] == "web")
    #expect(value["spec"] == nil)
    #expect(value["kind"]?["anything"] == nil, "a string has no keys")

    value["spec"] = ["replicas": 3]
    #expect(value.map?.keys == ["metadata", "kind", "spec"], "a new key goes to the end")
    value["kind"] = "StatefulSet"
    #expect(value.map?.keys == ["metadata", "kind", "spec"], "replacing keeps the position")
    #expect(value["kind"] == "StatefulSet")
    value["metadata"]?["namespace"] = "shop"
    #expect(value.value(at: ["metadata", "namespace"]) == "shop")
    value["kind"] = nil
    #expect(value.map?.keys == ["metadata", "spec"])
  }

  @Test func subscriptSetOnANonMapDoesNothing() {
    var list: Value = ["a", "b"]
    list["key"] = "value"
    #expect(list == ["a", "b"])
    var scalar = Value.string("text")
    scalar["key"] = "value"
    #expect(scalar == "text")
  }

  @Test func valueAtKeysAndAtPath() {
    let deployment: Value = [
      "spec": ["containers": [["name": "sidecar", "image": "envoy"], ["name": "web", "image": "nginx"]]]
    ]
    #expect(deployment.value(at: ["spec", "containers"])?.list?.count == 2)
    #expect(deployment.value(at: ["spec", "missing"]) == nil)
    let byName = ValuePath([
      .key("spec"), .key("containers"), .item([.init(name: "name", value: "web")]), .key("image"),
    ])
    #expect(deployment.value(at: byName) == "nginx")
    let byIndex = ValuePath([.key("spec"), .key("containers"), .index(0), .key("image")])
    #expect(deployment.value(at: byIndex) == "envoy")
    #expect(deployment.value(at: .root) == deployment)
    #expect(deployment.value(at: ValuePath([.key("spec"), .key("volumes"), .index(0)])) == nil)
  }

  @Test func anIndexPastTheEndIsAbsent() {
    let list: Value = ["a", "b"]
    #expect(list.child(.index(1)) == "b")
    do {
      #expect(list.child(.index(2)) == nil)
      #expect(list.child(.index(-1)) == nil)
      #expect(list.value(at: ValuePath([.index(5)])) == nil)
    }
  }

  @Test func keyedItemWithoutProtocolMatchesTCP() {
    let ports: Value = ["ports": [["containerPort": 8080], ["containerPort": 53, "protocol": "UDP"]]]
    let tcp = ValuePath([
      .key("ports"),
      .item([.init(name: "containerPort", value: "8080", isNumber: true), .init(name: "protocol", value: "TCP")]),
    ])
    let udp = ValuePath([
      .key("ports"),
      .item([.init(name: "containerPort", value: "53", isNumber: true), .init(name: "protocol", value: "TCP")]),
    ])
    #expect(ports.value(at: tcp) == ["containerPort": 8080])
    #expect(ports.value(at: udp) == nil, "port 53 is declared UDP, so it is not the TCP item")
  }

  @Test func withoutSpansRemovesEverySpanAndKeepsTheValue() throws {
    let value = try ModelFixture.yaml(
      """
      metadata:
        name: web
        labels: {app: web, tier: [front, "edge"]}
      """)
    #expect(ModelFixture.hasSpans(value))
    let stripped = value.withoutSpans
    #expect(!ModelFixture.hasSpans(stripped))
    #expect(stripped == value)
    #expect(stripped.value(at: ["metadata", "labels"])?.map?.keys == ["app", "tier"])
  }

  // MARK: - Number

  @Test(
    arguments: [
      ("0", Int64(0), 0.0), ("-12", -12, -12.0), ("+5", 5, 5.0), ("8080", 8080, 8080.0),
      ("0644", 644, 644.0),  // a JSON/YAML decimal spelling: octal is the YAML resolver's job, not this one's
      ("9223372036854775807", Int64.max, 9.223372036854775807e18),
    ] as [(String, Int64, Double)])
  func numberParsesIntegers(text: String, integer: Int64, double: Double) throws {
    let number = try #require(Number(parsing: text))
    #expect(number.integer == integer)
    #expect(number.double == double)
    #expect(number.text == text)
  }

  @Test(arguments: [
    ("1.0", 1.0), ("1e3", 1000.0), ("-2.5E-1", -0.25), ("0.1", 0.1), ("9223372036854775808", 9.223372036854775808e18),
  ])
  func numberParsesDecimals(text: String, double: Double) throws {
    let number = try #require(Number(parsing: text))
    #expect(number.integer == nil)
    #expect(number.double == double)
    #expect(number.description == text)
  }

  @Test(arguments: [
    "", "abc", "1.2.3", "0x1F", "inf", "-inf", "nan", "Infinity", "1_000", " 1", "1 ", "1e400", "-", "12px",
  ])
  func numberRejectsNonNumbers(text: String) {
    #expect(Number(parsing: text) == nil)
  }

  @Test func numberEqualityAndHashingAreNumeric() throws {
    let one = try #require(Number(parsing: "1"))
    let onePointZero = try #require(Number(parsing: "1.0"))
    #expect(one == onePointZero)
    #expect(Set([one, onePointZero, Number(1)]).count == 1)
    #expect(try #require(Number(parsing: "1e3")) == Number(1000))
    #expect(Number(1) != Number(2))
    // Integers beyond 2^53 are told apart by their exact value, not the rounded double.
    let big = try #require(Number(parsing: "9007199254740993"))
    let bigNeighbour = try #require(Number(parsing: "9007199254740992"))
    #expect(big != bigNeighbour)
  }

  // MARK: - ValueMap

  @Test func valueMapKeepsInsertionOrder() {
    var map = ValueMap()
    for key in ["zeta", "alpha", "mid"] { map[key] = .string(key) }
    #expect(map.keys == ["zeta", "alpha", "mid"])
    #expect(map.count == 3)
    #expect(map.index(of: "alpha") == 1)
    #expect(map.entry("mid")?.value == "mid")
    #expect(map.entry("nope") == nil)
  }

  @Test func valueMapSetReplacesInPlaceAndRemoves() {
    var map = ValueMap([.init(key: "a", value: 1), .init(key: "b", value: 2), .init(key: "c", value: 3)])
    map["b"] = 20
    #expect(map.keys == ["a", "b", "c"])
    #expect(map["b"] == 20)
    map["b"] = nil
    #expect(map.keys == ["a", "c"])
    map["missing"] = nil
    #expect(map.keys == ["a", "c"])
    #expect(map.removeValue(forKey: "a") == 1)
    #expect(map.removeValue(forKey: "a") == nil)
    #expect(map.keys == ["c"])
    map.modify("c") { $0 = 30 }
    map.modify("absent") { $0 = 99 }
    #expect(map == ValueMap([.init(key: "c", value: 30)]))
  }

  @Test func valueMapEqualityIgnoresOrderOnly() {
    let ab = ValueMap([.init(key: "a", value: 1), .init(key: "b", value: 2)])
    let ba = ValueMap([.init(key: "b", value: 2), .init(key: "a", value: 1)])
    #expect(ab == ba)
    #expect(ab != ValueMap([.init(key: "a", value: 1)]))
    #expect(ab != ValueMap([.init(key: "a", value: 1), .init(key: "b", value: 3)]))
    #expect(ab != ValueMap([.init(key: "a", value: 1), .init(key: "c", value: 2)]))
    #expect(ValueMap() == ValueMap())
    #expect(ValueMap().isEmpty && !ab.isEmpty)
  }
}
