/// How the differ matches the items of a list.
public enum ListMatching: Sendable, Hashable {
  /// Items are objects identified by the values of these fields (a merge key).
  case keyed([String])
  /// Order does not matter; scalar items compared as a multiset, reported as one change of the list.
  case set
  /// Items are matched by position.
  case ordered
}

/// Tells the differ how to match the items of the list at a path. Each ecosystem has its own.
public protocol ListPolicy: Sendable {
  /// The matching for the list stored under `field`, found at `path` (the path of the list itself).
  func matching(forListAt path: ValuePath, field: String) -> ListMatching
  /// The default of a key field when an item omits it (Kubernetes: `protocol` is `TCP`).
  func defaultKeyValue(field: String) -> String?
}

extension ListPolicy {
  public func defaultKeyValue(field: String) -> String? { nil }
}

/// Matches every list by position.
public struct OrderedListPolicy: ListPolicy {
  public init() {}
  public func matching(forListAt path: ValuePath, field: String) -> ListMatching { .ordered }
}
