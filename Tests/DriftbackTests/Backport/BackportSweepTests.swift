import DriftbackSyntax
import Testing

@testable import Driftback

/// Every value of every fixture is changed, removed and extended, and each result goes through the same
/// verification as the golden tests (re-parse, re-diff, plan again). Only values shared through YAML
/// aliases and merge keys may be refused.
@Suite("Back-port sweep over the fixtures")
struct BackportSweepTests {
  struct Target: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var path: String
    var kind: String
    var object: String
    var testDescription: String { name }
  }

  static let targets: [Target] = [
    Target(name: "web Deployment", text: BackportManifests.web, path: "web.yaml", kind: "Deployment", object: "web"),
    Target(name: "web Service", text: BackportManifests.web, path: "web.yaml", kind: "Service", object: "web"),
    Target(
      name: "ConfigMap", text: BackportManifests.config, path: "cm.yaml", kind: "ConfigMap", object: "shop-config"),
    Target(name: "kubectl Service", text: BackportManifests.service, path: "svc.yaml", kind: "Service", object: "api"),
    Target(name: "JSON Service", text: BackportManifests.json, path: "svc.json", kind: "Service", object: "api"),
    Target(name: "List item", text: BackportManifests.list, path: "list.yaml", kind: "ConfigMap", object: "second"),
    Target(name: "anchors", text: BackportManifests.anchors, path: "a.yaml", kind: "Deployment", object: "web"),
    Target(
      name: "ConfigMap, CRLF", text: BackportManifests.config.crlf, path: "cm.yaml", kind: "ConfigMap",
      object: "shop-config"),
    Target(name: "JSON, CRLF", text: BackportManifests.json.crlf, path: "svc.json", kind: "Service", object: "api"),
    Target(name: "web, CRLF", text: BackportManifests.web.crlf, path: "web.yaml", kind: "Deployment", object: "web"),
    Target(
      name: "tricky CronJob", text: BackportManifests.tricky, path: "cron.yaml", kind: "CronJob", object: "nightly"),
  ]

  @Test(arguments: targets)
  func everyValueCanBeChangedRemovedAndExtended(_ target: Target) throws {
    let file = SourceFile(path: target.path, text: target.text)
    let object = try BackportFixture.object(file, kind: target.kind, name: target.object)
    var checked = 0
    for (path, value) in Self.paths(in: object) {
      // Removing `[i]` twice removes two items: only the last item is removed by index.
      let parent = path.parent.flatMap { object.value(at: $0) }?.list
      let removable = parent == nil || path.segments.last == .index(parent!.count - 1)
      for change in Self.changes(at: path, value) where removable || change.kind != .removed {
        if try attempt(target, change) { checked += 1 }
      }
    }
    #expect(checked > 5, "only \(checked) changes were planned")
    print("back-port sweep, \(target.name): \(checked) changes planned and verified")
  }

  /// Plans, applies and verifies one change; `false` when it was refused for an alias or merge key.
  private func attempt(_ target: Target, _ change: Change) throws -> Bool {
    let file = SourceFile(path: target.path, text: target.text)
    let object = try BackportFixture.object(file, kind: target.kind, name: target.object)
    if case .failure(let refusal) = YAMLEditPlanner().edits(for: change, in: object, file: file) {
      let allowed = ["YAML alias", "YAML anchor", "merge key", "explicit YAML tag"]
      #expect(allowed.contains { refusal.reason.contains($0) }, "\(change.kind) \(change.path): \(refusal.reason)")
      return false
    }
    let outcome = try BackportFixture.backport(
      target.text, path: target.path, kind: target.kind, name: target.object, change)
    if target.text.utf8.contains(0x0D) {
      let bytes = Array(outcome.text.utf8)
      let bare = bytes.indices.contains { bytes[$0] == 0x0A && ($0 == 0 || bytes[$0 - 1] != 0x0D) }
      #expect(!bare, "\(change.kind) \(change.path) wrote a bare line feed into a CRLF file")
    }
    return true
  }

  /// Every path below the root, except the identity of the object.
  static func paths(in value: Value) -> [(ValuePath, Value)] {
    var result: [(ValuePath, Value)] = []
    func walk(_ value: Value, _ path: ValuePath) {
      if !path.isRoot { result.append((path, value)) }
      switch value.kind {
      case .map(let map): for entry in map.entries { walk(entry.value, path.appending(key: entry.key)) }
      case .list(let items): for (index, item) in items.enumerated() { walk(item, path.appending(index: index)) }
      default: break
      }
    }
    walk(value, .root)
    let identity: Set<String> = ["apiVersion", "kind", "metadata", "metadata.name"]
    return result.filter { !identity.contains($0.0.description) }
  }

  /// The changes tried at one place.
  static func changes(at path: ValuePath, _ value: Value) -> [Change] {
    var changes = [Change(path: path, kind: .removed, iac: value, live: nil)]
    func changed(_ live: Value) { changes.append(Change(path: path, kind: .changed, iac: value, live: live)) }
    switch value.kind {
    case .null: changed("now set")
    case .bool(let flag): changed(.bool(!flag))
    case .number(let number): changed(Value(.number(Number(Int(number.double) + 1))))
    case .string(let text):
      changed(.string(text + "-v2"))
      changed("yes")
      changed("multi\nline\n")
      changed("  lead: #x")
    case .map(let map):
      changes.append(Change(path: path.appending(key: "zz-new"), kind: .added, iac: nil, live: "added"))
      changes.append(
        Change(
          path: path.appending(key: "nested"), kind: .added, iac: nil,
          live: .object(["a": ["x", "y"], "b": .object(["c": 1])])))
      if map.isEmpty { changed(.object(["k": "v"])) }
    case .list(let items):
      let item: Value = items.last?.map != nil ? .object(["name": "zz", "port": 1]) : "zz"
      changes.append(Change(path: path.appending(index: items.count), kind: .added, iac: nil, live: item))
      if items.allSatisfy(\.isScalar) { changed(.list(items + ["extra, item"])) }
    }
    return changes
  }
}

extension String {
  /// The text with Windows line breaks.
  fileprivate var crlf: String {
    var out = ""
    for character in self { out += character == "\n" ? "\r\n" : String(character) }
    return out
  }
}
