public import DriftbackSyntax

/// A map that keeps its keys in source order. Kubernetes and cloud objects have small maps, so lookups
/// are linear scans, which beat hashing at these sizes.
public struct ValueMap: Sendable, Equatable {
  /// One key and its value.
  public struct Entry: Sendable {
    /// The key.
    public var key: String
    /// The bytes of the key in its source file.
    public var keySpan: ByteSpan?
    /// The value.
    public var value: Value

    /// Creates an entry.
    public init(key: String, keySpan: ByteSpan? = nil, value: Value) {
      self.key = key
      self.keySpan = keySpan
      self.value = value
    }
  }

  /// The entries in order.
  public var entries: [Entry]

  /// Creates a map from entries.
  public init(_ entries: [Entry] = []) {
    self.entries = entries
  }

  /// Whether the map has no entries.
  public var isEmpty: Bool { entries.isEmpty }
  /// The number of entries.
  public var count: Int { entries.count }
  /// The keys in order.
  public var keys: [String] { entries.map(\.key) }

  /// The position of a key.
  public func index(of key: String) -> Int? {
    entries.firstIndex { $0.key == key }
  }

  /// The entry for a key.
  public func entry(_ key: String) -> Entry? {
    index(of: key).map { entries[$0] }
  }

  /// The value of a key; setting `nil` removes the key, setting a new key appends it.
  public subscript(key: String) -> Value? {
    get {
      for entry in entries where entry.key == key { return entry.value }
      return nil
    }
    set {
      if let index = index(of: key) {
        if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
      } else if let newValue {
        entries.append(Entry(key: key, value: newValue))
      }
    }
  }

  /// Removes a key and returns its value.
  @discardableResult
  public mutating func removeValue(forKey key: String) -> Value? {
    guard let index = index(of: key) else { return nil }
    return entries.remove(at: index).value
  }

  /// Mutates the value of a key in place; does nothing when the key is absent.
  public mutating func modify(_ key: String, _ body: (inout Value) -> Void) {
    guard let index = index(of: key) else { return }
    body(&entries[index].value)
  }

  /// Map equality ignores key order.
  public static func == (lhs: ValueMap, rhs: ValueMap) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for entry in lhs.entries {
      guard let other = rhs[entry.key], other == entry.value else { return false }
    }
    return true
  }
}
