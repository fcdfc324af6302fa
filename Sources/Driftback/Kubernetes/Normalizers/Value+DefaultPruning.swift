// Pairwise helpers shared by the Kubernetes normalizers, on top of those in NormalizationPair.swift.

extension Value {
  /// Runs ``pruneDefault(_:iac:equals:)`` for each `(key, default)`, in order.
  public mutating func pruneDefaults(_ defaults: [(String, Value)], iac: Value?) {
    for (key, value) in defaults { pruneDefault(key, iac: iac, equals: value) }
  }

  /// Removes the live value of `key` when the IaC does not set it and the live value is empty (`{}`,
  /// `[]`, `""`, null): the API server prints some unset structs as `{}`.
  public mutating func pruneEmpty(_ key: String, iac: Value?) {
    pruneDefault(key, iac: iac) { $0.isEmpty }
  }

  /// For the live list stored under `key`, runs `body` on every item together with the IaC item that
  /// `matches` picks from the IaC list under the same key (or `nil`). Does nothing when the live side has
  /// no list there.
  public mutating func forEachItem(
    in key: String, iac: Value?, matches: (_ live: Value, _ iac: Value) -> Bool, _ body: (inout Value, Value?) -> Void
  ) {
    withPair([key], iac: iac) { list, iacList in
      guard case .list(var items) = list.kind else { return }
      list.kind = .null
      let iacItems = iacList?.list ?? []
      for index in items.indices {
        let item = items[index]
        body(&items[index], iacItems.first { matches(item, $0) })
      }
      list.kind = .list(items)
    }
  }

  /// For the live list stored under `key`, runs `body` on every item with the IaC item that has the same
  /// value of `field` (or `nil`).
  public mutating func forEachItem(
    in key: String, matching field: String, iac: Value?, _ body: (inout Value, Value?) -> Void
  ) {
    withPair([key], iac: iac) { list, iacList in list.forEachItem(matching: field, iac: iacList, body) }
  }

  /// ``forEachItemByIndex(iac:_:)`` on the list stored under `key`.
  public mutating func forEachItemByIndexIn(_ key: String, iac: Value?, _ body: (inout Value, Value?) -> Void) {
    withPair([key], iac: iac) { list, iacList in list.forEachItemByIndex(iac: iacList, body) }
  }

  /// Removes the items of the live list under `key` for which `isNoise` holds, given the IaC list at the
  /// same place. Does nothing when the live side has no list there.
  public mutating func removeItems(
    in key: String, iac: Value?, where isNoise: (_ item: Value, _ iacItems: [Value]) -> Bool
  ) {
    withPair([key], iac: iac) { list, iacList in
      let iacItems = iacList?.list ?? []
      list.withList { items in items.removeAll { isNoise($0, iacItems) } }
    }
  }

  /// Removes map keys from this map (on whichever side it is called).
  public mutating func removeKeys(where shouldRemove: (String) -> Bool) {
    withMap { map in map.entries.removeAll { shouldRemove($0.key) } }
  }

  /// Whether the IaC side sets `key` to something (absent and empty values do not count).
  public func declares(_ key: String) -> Bool {
    guard let value = self[key] else { return false }
    return !value.isEmpty
  }
}

extension Optional where Wrapped == Value {
  /// Whether the IaC side (possibly absent) sets `key` to something non-empty.
  public func declares(_ key: String) -> Bool {
    self?.declares(key) ?? false
  }
}

// MARK: - Shared pod defaults

extension Value {
  /// Handler defaults shared by probes and lifecycle hooks: `httpGet.scheme: HTTP`, `httpGet.path: /`.
  public mutating func pruneHandlerDefaults(iac: Value?) {
    withPair(["httpGet"], iac: iac) { action, iacAction in
      action.pruneDefaults([("scheme", "HTTP"), ("path", "/")], iac: iacAction)
    }
  }

  /// Defaults of an env `valueFrom` or a downwardAPI item: `fieldRef.apiVersion: v1` and
  /// `resourceFieldRef.divisor: "0"` (a zero quantity, however spelled).
  public mutating func pruneFieldReferenceDefaults(iac: Value?) {
    withPair(["fieldRef"], iac: iac) { reference, iacReference in
      reference.pruneDefault("apiVersion", iac: iacReference, equals: "v1")
    }
    withPair(["resourceFieldRef"], iac: iac) { reference, iacReference in
      reference.pruneDefault("divisor", iac: iacReference) { KubernetesQuantity(value: $0)?.isZero ?? false }
    }
  }

  /// `items[]` of a downwardAPI volume or projection, matched by `path`.
  mutating func pruneDownwardAPIItemDefaults(iac: Value?) {
    forEachItem(in: "items", matching: "path", iac: iac) { item, iacItem in
      item.pruneFieldReferenceDefaults(iac: iacItem)
    }
  }
}
