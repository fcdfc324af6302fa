import DriftbackSyntax
import Testing

@testable import Driftback

// Helpers shared by the back-port tests: read an object from inline text, plan one change, apply it, and
// check the result the way the verification stage will (re-parse, re-diff, plan again).

/// What planning and applying one change produced.
struct BackportOutcome {
  var edits: [SourceEdit]
  var text: String
}

enum BackportFixture {
  /// The objects of a manifest, read the way the IaC loader reads them (absolute spans).
  static func objects(_ file: SourceFile) throws -> [Value] {
    var objects: [Value] = []
    _ = try KubernetesDocumentReader().read(file) { objects.append($0.value) }
    return objects
  }

  /// The object with `kind` and `metadata.name` in a file.
  static func object(_ file: SourceFile, kind: String, name: String) throws -> Value {
    let found = try objects(file).first { $0["kind"]?.string == kind && $0["metadata"]?["name"]?.string == name }
    return try #require(found, "no \(kind) \(name) in \(file.path)")
  }

  /// A change from a path text.
  static func change(_ kind: Change.Kind, _ path: String, iac: Value? = nil, live: Value? = nil) throws -> Change {
    Change(path: try ValuePath(parsing: path), kind: kind, iac: iac, live: live)
  }

  /// Plans `change` for the object `kind/name` of `text`, applies the edits, and verifies the result:
  /// the bytes before the first and after the last edit are untouched, the file re-parses, the value at the
  /// path now says what live says, nothing else in the object changed, and planning again is a no-op.
  static func backport(
    _ text: String, path: String = "app.yaml", kind: String = "Deployment", name: String = "web", _ change: Change,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> BackportOutcome {
    let file = SourceFile(path: path, text: text)
    let original = try object(file, kind: kind, name: name)
    let planned = YAMLEditPlanner().edits(for: change, in: original, file: file)
    let edits: [SourceEdit]
    switch planned {
    case .success(let value): edits = value
    case .failure(let refusal):
      Issue.record("refused: \(refusal.reason)", sourceLocation: sourceLocation)
      throw refusal
    }
    let newBytes = try SourceEditApplier.apply(edits, to: file.bytes)
    let newText = String(decoding: newBytes, as: UTF8.self)

    // Everything outside the edits is byte-identical.
    if let first = edits.map(\.span.start).min(), let last = edits.map(\.span.end).max() {
      #expect(newBytes.prefix(first).elementsEqual(file.bytes.prefix(first)), sourceLocation: sourceLocation)
      let tail = file.bytes.count - last
      #expect(newBytes.suffix(tail).elementsEqual(file.bytes.suffix(tail)), sourceLocation: sourceLocation)
    }

    // Re-parse, re-diff against the original with the change made in memory.
    let newFile = SourceFile(path: path, text: newText)
    let reparsed = try object(newFile, kind: kind, name: name)
    let expected = applying(change, to: original)
    let differ = Differ(listPolicy: KubernetesListPolicy(kind: kind))
    let leftover = differ.diff(iac: expected, live: reparsed)
    #expect(
      leftover.isEmpty, "unexpected differences: \(leftover.map { "\($0.kind) \($0.path)" })\n\(newText)",
      sourceLocation: sourceLocation)
    switch change.kind {
    case .removed:
      let now = reparsed.value(at: change.path)
      #expect(now == nil || now!.isEmpty, "\(change.path) is still there", sourceLocation: sourceLocation)
    case .changed, .added:
      let now = reparsed.value(at: change.path)
      #expect(
        now.map { $0.semanticallyEquals(change.live!) } == true,
        "\(change.path) is \(String(describing: now)), not the live value", sourceLocation: sourceLocation)
    }

    // Back-porting again changes nothing.
    switch YAMLEditPlanner().edits(for: change, in: reparsed, file: newFile) {
    case .success(let again):
      let twice = try SourceEditApplier.apply(again, to: newBytes)
      #expect(twice == newBytes, "a second back-port changed the file again", sourceLocation: sourceLocation)
    case .failure(let refusal):
      Issue.record("the second back-port was refused: \(refusal.reason)", sourceLocation: sourceLocation)
    }
    return BackportOutcome(edits: edits, text: newText)
  }

  /// The refusal for a change, or `nil` (with an issue recorded) when it was planned.
  static func refusal(
    _ text: String, path: String = "app.yaml", kind: String = "Deployment", name: String = "web", _ change: Change,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> BackportRefusal? {
    let file = SourceFile(path: path, text: text)
    let original = try object(file, kind: kind, name: name)
    switch YAMLEditPlanner().edits(for: change, in: original, file: file) {
    case .success(let edits):
      Issue.record("expected a refusal, got \(edits)", sourceLocation: sourceLocation)
      return nil
    case .failure(let refusal):
      return refusal
    }
  }

  // MARK: - The change made in memory

  /// `value` with the change applied: the live value set at the path (appended for a missing list item),
  /// or the value removed.
  static func applying(_ change: Change, to value: Value) -> Value {
    var copy = value
    set(&copy, change.path.segments[...], change.kind == .removed ? nil : change.live)
    return copy
  }

  private static func set(_ value: inout Value, _ segments: ArraySlice<ValuePath.Segment>, _ new: Value?) {
    guard let segment = segments.first else {
      if let new { value = new }
      return
    }
    let rest = segments.dropFirst()
    switch (segment, value.kind) {
    case (.key(let key), .map):
      value.withMap { map in
        if var child = map[key] {
          if rest.isEmpty, new == nil {
            map.removeValue(forKey: key)
          } else {
            set(&child, rest, new)
            map[key] = child
          }
        } else if rest.isEmpty, let new {
          map[key] = new
        }
      }
    case (.key(let key), _) where value.isEmpty && rest.isEmpty:
      if let new { value = Value(.map(ValueMap([ValueMap.Entry(key: key, value: new)]))) }
    case (.index(let index), .list):
      value.withList { items in
        if items.indices.contains(index) {
          if rest.isEmpty, new == nil { items.remove(at: index) } else { set(&items[index], rest, new) }
        } else if index == items.count, rest.isEmpty, let new {
          items.append(new)
        }
      }
    case (.item(let fields), .list):
      value.withList { items in
        if let index = items.firstIndex(where: { item in fields.allSatisfy { item.keyFieldMatches($0) } }) {
          if rest.isEmpty, new == nil { items.remove(at: index) } else { set(&items[index], rest, new) }
        } else if rest.isEmpty, let new {
          items.append(new)
        }
      }
    case (.item, _) where value.isEmpty && rest.isEmpty, (.index(0), _) where value.isEmpty && rest.isEmpty:
      if let new { value = Value(.list([new])) }
    default:
      break
    }
  }
}

extension Value {
  /// A map from literal pairs, in order.
  static func object(_ pairs: KeyValuePairs<String, Value>) -> Value {
    Value(.map(ValueMap(pairs.map { ValueMap.Entry(key: $0.key, value: $0.value) })))
  }
}
