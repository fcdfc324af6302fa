/// Compares a normalized IaC value with a normalized live value and returns the changes.
///
/// - One change per shallowest point of divergence: a key or keyed item present on one side only is one
///   `added` or `removed` change holding the whole subtree, never one per leaf.
/// - Null, absent, empty string, `{}` and `[]` are the same value; an explicit `false` in the IaC equals an
///   absent live value (the API server drops false booleans), but not the other way round.
/// - Numbers compare numerically and equal a string that spells the same number.
/// - Lists follow the ``ListPolicy``: keyed lists match items by their merge key; sets ignore order; other
///   lists of objects match by position; a list of scalars that differs is one change of the whole list.
public struct Differ: Sendable {
  /// How lists are matched.
  public var listPolicy: any ListPolicy

  /// Creates a differ.
  public init(listPolicy: any ListPolicy) {
    self.listPolicy = listPolicy
  }

  /// The changes from `iac` to `live`, in a stable order (the order of the IaC, then live-only items).
  public func diff(iac: Value, live: Value) -> [Change] {
    var walker = Walker(policy: listPolicy)
    walker.compare(iac, live)
    return walker.changes
  }

  private struct Walker {
    let policy: any ListPolicy
    var segments: [ValuePath.Segment] = []
    var changes: [Change] = []

    init(policy: any ListPolicy) {
      self.policy = policy
    }

    mutating func emit(_ kind: Change.Kind, _ iac: Value?, _ live: Value?) {
      changes.append(Change(path: ValuePath(segments), kind: kind, iac: iac, live: live))
    }

    mutating func compare(_ iac: Value, _ live: Value) {
      let iacEmpty = iac.isDeeplyEmpty
      let liveEmpty = live.isDeeplyEmpty
      if iacEmpty && liveEmpty { return }
      if liveEmpty {
        if iac.bool == false { return }
        emit(.removed, iac, nil)
        return
      }
      if iacEmpty {
        emit(.added, nil, live)
        return
      }
      switch (iac.kind, live.kind) {
      case (.map(let a), .map(let b)):
        compareMaps(a, b)
      case (.list(let a), .list(let b)):
        compareLists(a, b)
      default:
        if !iac.semanticallyEquals(live) { emit(.changed, iac, live) }
      }
    }

    mutating func compareMaps(_ iac: ValueMap, _ live: ValueMap) {
      // Small maps (nearly all) are scanned; large ones (a ConfigMap with thousands of keys) are indexed
      // once, so the comparison stays linear.
      let liveIndex =
        live.count > 16
        ? Dictionary(live.entries.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a }) : nil
      let iacKeys = iac.count > 16 ? Set(iac.entries.map(\.key)) : nil
      for entry in iac.entries {
        segments.append(.key(entry.key))
        let other = liveIndex.map { index in index[entry.key].map { live.entries[$0].value } } ?? live[entry.key]
        if let other {
          compare(entry.value, other)
        } else if !Value.isEmptyEntry(entry.key, entry.value) && entry.value.bool != false {
          emit(.removed, entry.value, nil)
        }
        segments.removeLast()
      }
      for entry in live.entries {
        let inIaC = iacKeys?.contains(entry.key) ?? (iac[entry.key] != nil)
        guard !inIaC, !Value.isEmptyEntry(entry.key, entry.value) else { continue }
        segments.append(.key(entry.key))
        emit(.added, nil, entry.value)
        segments.removeLast()
      }
    }

    mutating func compareLists(_ iac: [Value], _ live: [Value]) {
      guard case .key(let field)? = segments.last else {
        compareOrdered(iac, live)
        return
      }
      switch policy.matching(forListAt: ValuePath(segments), field: field) {
      case .keyed(let fields):
        if let iacKeys = keys(of: iac, fields), let liveKeys = keys(of: live, fields) {
          compareKeyed(iac, iacKeys, live, liveKeys)
        } else {
          compareOrdered(iac, live)
        }
      case .set:
        if !sameMultiset(iac, live) {
          if iac.allSatisfy(\.isScalar) && live.allSatisfy(\.isScalar) {
            emit(.changed, Value(.list(iac)), Value(.list(live)))
          } else {
            compareOrdered(iac, live)
          }
        }
      case .ordered:
        compareOrdered(iac, live)
      }
    }

    mutating func compareOrdered(_ iac: [Value], _ live: [Value]) {
      if iac.allSatisfy(\.isScalar) && live.allSatisfy(\.isScalar) {
        if iac.count != live.count || !zip(iac, live).allSatisfy({ $0.semanticallyEquals($1) }) {
          emit(.changed, Value(.list(iac)), Value(.list(live)))
        }
        return
      }
      for index in 0..<max(iac.count, live.count) {
        segments.append(.index(index))
        if index < iac.count, index < live.count {
          compare(iac[index], live[index])
        } else if index < iac.count {
          if !iac[index].isDeeplyEmpty { emit(.removed, iac[index], nil) }
        } else if !live[index].isDeeplyEmpty {
          emit(.added, nil, live[index])
        }
        segments.removeLast()
      }
    }

    mutating func compareKeyed(
      _ iac: [Value], _ iacKeys: [[ValuePath.KeyField]], _ live: [Value], _ liveKeys: [[ValuePath.KeyField]]
    ) {
      var liveIndex: [[ValuePath.KeyField]: Int] = [:]
      for (index, key) in liveKeys.enumerated() { liveIndex[key] = index }
      var matched = Set<Int>()
      for (index, key) in iacKeys.enumerated() {
        segments.append(.item(key))
        if let other = liveIndex[key] {
          matched.insert(other)
          compare(iac[index], live[other])
        } else {
          emit(.removed, iac[index], nil)
        }
        segments.removeLast()
      }
      for (index, key) in liveKeys.enumerated() where !matched.contains(index) {
        segments.append(.item(key))
        emit(.added, nil, live[index])
        segments.removeLast()
      }
    }

    /// The key of every item, or `nil` when an item lacks a key field or two items share a key.
    func keys(of items: [Value], _ fields: [String]) -> [[ValuePath.KeyField]]? {
      var result: [[ValuePath.KeyField]] = []
      result.reserveCapacity(items.count)
      var seen = Set<[ValuePath.KeyField]>()
      for item in items {
        guard item.map != nil else { return nil }
        var key: [ValuePath.KeyField] = []
        for field in fields {
          if let value = item[field], let text = value.scalarText {
            let number = value.number ?? value.string.flatMap(Number.init(parsing:))
            key.append(
              ValuePath.KeyField(
                name: field, value: number.map { canonical($0) } ?? text,
                isNumber: number != nil))
          } else if let fallback = policy.defaultKeyValue(field: field) {
            key.append(ValuePath.KeyField(name: field, value: fallback))
          } else {
            return nil
          }
        }
        guard seen.insert(key).inserted else { return nil }
        result.append(key)
      }
      return result
    }

    func canonical(_ number: Number) -> String {
      if let integer = number.integer { return String(integer) }
      if number.double == number.double.rounded(), abs(number.double) < 1e15 { return String(Int64(number.double)) }
      return String(number.double)
    }

    func sameMultiset(_ a: [Value], _ b: [Value]) -> Bool {
      guard a.count == b.count else { return false }
      // Scalars: count them by their canonical text (numbers by value), linear in the list size.
      if a.allSatisfy(\.isScalar), b.allSatisfy(\.isScalar) {
        var counts: [String: Int] = [:]
        for item in a { counts[canonicalText(item), default: 0] += 1 }
        for item in b {
          let key = canonicalText(item)
          guard let count = counts[key], count > 0 else { return false }
          counts[key] = count - 1
        }
        return true
      }
      var remaining = b
      for item in a {
        guard let index = remaining.firstIndex(where: { $0.semanticallyEquals(item) }) else { return false }
        remaining.remove(at: index)
      }
      return true
    }

    /// A scalar's text under which semantically equal scalars meet (`8080` and `"8080"`, `1` and `1.0`).
    func canonicalText(_ value: Value) -> String {
      switch value.kind {
      case .number(let number): return "n:" + canonical(number)
      case .string(let text): return Number(parsing: text).map { "n:" + canonical($0) } ?? "s:" + text
      case .bool(let flag): return flag ? "b:1" : "b:0"
      default: return "z:"
      }
    }
  }
}

extension Value {
  /// Empty (``isEmpty``), or a map whose entries are all empty (``isEmptyEntry(_:_:)``). A list with items
  /// is never empty.
  public var isDeeplyEmpty: Bool {
    switch kind {
    case .map(let map): map.entries.allSatisfy { Value.isEmptyEntry($0.key, $0.value) }
    default: isEmpty
    }
  }

  /// Whether a map entry says nothing. An empty map under a key where `{}` has a meaning (a selector
  /// `{}` selects everything, `emptyDir: {}` is a volume source) is not empty.
  public static func isEmptyEntry(_ key: String, _ value: Value) -> Bool {
    if value.map != nil, isMeaningfulWhenEmpty(key) { return false }
    return value.isDeeplyEmpty
  }
}
