/// The two sides of one Kubernetes resource while it is normalized. Normalizers work on both sides at
/// once, because whether a live value is noise often depends on the IaC: a live `replicas: 1` is a
/// default only when the IaC does not set `replicas`. With no IaC (cleaning an unmanaged object for a
/// new manifest), every default is noise.
public struct NormalizationPair: Sendable {
  /// The IaC side; `nil` when cleaning a live object on its own.
  public var iac: Value?
  /// The live side.
  public var live: Value
  /// The object's kind (`Deployment`).
  public let kind: String
  /// The object's API group (`apps`, `` for core).
  public let group: String

  /// Creates a pair.
  public init(iac: Value?, live: Value, kind: String, group: String) {
    self.iac = iac
    self.live = live
    self.kind = kind
    self.group = group
  }
}

/// One normalization step for Kubernetes objects. Normalizers are small types, one per file, with a
/// stable id, listed in ``KubernetesNormalizers/all``.
public protocol KubernetesNormalizer: Sendable {
  /// Stable id (`k8s-server-metadata`).
  var id: String { get }
  /// Normalizes both sides in place.
  func normalize(_ pair: inout NormalizationPair)
}

// MARK: - Pairwise helpers

extension Value {
  /// Removes the live value of `key` when the IaC does not set it (absent or empty) and the live value is
  /// the default that `isDefault` recognises. Call on the live map; `iac` is the IaC map at the same place.
  public mutating func pruneDefault(_ key: String, iac: Value?, where isDefault: (Value) -> Bool) {
    guard let live = self[key] else { return }
    if let declared = iac?[key], !declared.isEmpty { return }
    if isDefault(live) { self[key] = nil }
  }

  /// Removes the live value of `key` when the IaC does not set it and the live value equals `defaultValue`
  /// (numbers compare numerically, strings exactly).
  public mutating func pruneDefault(_ key: String, iac: Value?, equals defaultValue: Value) {
    pruneDefault(key, iac: iac) { $0.semanticallyEquals(defaultValue) }
  }

  /// Removes the live value of `key` when the IaC does not set it, whatever it is (server-owned fields).
  public mutating func pruneUnlessDeclared(_ key: String, iac: Value?) {
    pruneDefault(key, iac: iac) { _ in true }
  }

  /// Walks map keys on both sides and runs `body` on the live value found there and the IaC value at the
  /// same place (or `nil`). Does nothing when the live side has no value there.
  public mutating func withPair(
    _ keys: ArraySlice<String>, iac: Value?, _ body: (inout Value, Value?) -> Void
  ) {
    guard let key = keys.first else {
      body(&self, iac)
      return
    }
    guard case .map(var map) = kind, let index = map.index(of: key) else { return }
    kind = .null
    map.entries[index].value.withPair(keys.dropFirst(), iac: iac?[key], body)
    kind = .map(map)
  }

  /// ``withPair(_:iac:_:)`` over a key path.
  public mutating func withPair(_ keys: [String], iac: Value?, _ body: (inout Value, Value?) -> Void) {
    withPair(keys[...], iac: iac, body)
  }

  /// For a live list of objects, runs `body` on every item with the IaC item that has the same value of
  /// `field` (or `nil`).
  public mutating func forEachItem(matching field: String, iac: Value?, _ body: (inout Value, Value?) -> Void) {
    guard case .list(var items) = kind else { return }
    kind = .null
    let iacItems = iac?.list ?? []
    // Long lists (thousands of env entries) are indexed once by the key's text.
    let index: [String: Int]? =
      iacItems.count > 16
      ? Dictionary(
        iacItems.enumerated().compactMap { offset, item in item[field]?.scalarText.map { ($0, offset) } },
        uniquingKeysWith: { first, _ in first }) : nil
    for position in items.indices {
      let key = items[position][field]
      let counterpart: Value?
      if let index, let text = key?.scalarText {
        counterpart = index[text].map { iacItems[$0] }
      } else {
        counterpart = key.flatMap { key in iacItems.first { $0[field].map { $0.semanticallyEquals(key) } ?? false } }
      }
      body(&items[position], counterpart)
    }
    kind = .list(items)
  }

  /// For a live list, runs `body` on every item with the IaC item at the same index (or `nil`).
  public mutating func forEachItemByIndex(iac: Value?, _ body: (inout Value, Value?) -> Void) {
    guard case .list(var items) = kind else { return }
    kind = .null
    let iacItems = iac?.list ?? []
    for index in items.indices {
      body(&items[index], iacItems.indices.contains(index) ? iacItems[index] : nil)
    }
    kind = .list(items)
  }

  /// Scalar equality the way Kubernetes reads values: numbers numerically, and a number equal to a string
  /// that spells the same number (`8080` and `"8080"` in an int-or-string field); collections structurally.
  public func semanticallyEquals(_ other: Value) -> Bool {
    switch (kind, other.kind) {
    case (.number(let a), .string(let b)), (.string(let b), .number(let a)):
      if let parsed = Number(parsing: b) { return parsed == a }
      return false
    case (.list(let a), .list(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.semanticallyEquals($1) }
    case (.map(let a), .map(let b)):
      guard a.count == b.count else { return false }
      return a.entries.allSatisfy { entry in b[entry.key].map { entry.value.semanticallyEquals($0) } ?? false }
    default:
      return self == other
    }
  }
}

extension NormalizationPair {
  /// Runs `body` on every pod spec of the object (the object's own for a Pod, the template's for
  /// workloads) with the IaC pod spec at the same place.
  public mutating func withPodSpec(_ body: (inout Value, Value?) -> Void) {
    guard let path = KubernetesKind.podSpecPaths[kind] else { return }
    let iacRoot = iac
    live.withPair(path, iac: iacRoot, body)
  }

  /// Runs `body` on every container of every pod spec (containers, initContainers, ephemeralContainers),
  /// matched with the IaC container of the same name.
  public mutating func withContainers(_ body: (inout Value, Value?) -> Void) {
    withPodSpec { spec, iacSpec in
      for field in ["containers", "initContainers", "ephemeralContainers"] {
        spec.withPair([field], iac: iacSpec) { list, iacList in
          list.forEachItem(matching: "name", iac: iacList, body)
        }
      }
    }
  }

  /// Runs `body` on the live and IaC object at a key path from the root.
  public mutating func withPair(_ keys: [String], _ body: (inout Value, Value?) -> Void) {
    let iacRoot = iac
    live.withPair(keys, iac: iacRoot, body)
  }
}
