/// Limits that keep hostile or broken input from exhausting memory or the stack.
public struct ParseLimits: Sendable, Hashable {
  /// Largest file accepted, in bytes.
  public var maxFileBytes: Int
  /// Deepest nesting of collections.
  public var maxDepth: Int
  /// Most nodes that alias expansion may add to one document (a "billion laughs" guard).
  public var maxAliasExpansion: Int

  /// Creates limits. `maxFileBytes` is capped below 2 GiB, the range of a ``ByteSpan``.
  public init(maxFileBytes: Int = 512 * 1024 * 1024, maxDepth: Int = 200, maxAliasExpansion: Int = 100_000) {
    self.maxFileBytes = min(maxFileBytes, Int(Int32.max) - 1)
    self.maxDepth = maxDepth
    self.maxAliasExpansion = maxAliasExpansion
  }

  /// The limits used when none are given.
  public static let `default` = ParseLimits()
}
