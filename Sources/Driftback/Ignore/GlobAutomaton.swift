/// The matcher behind ``AddressGlob`` and ``PathGlob``: a pattern is a list of tokens, each either matching
/// exactly one element or (a star) any run of elements it accepts, and matching runs the pattern as a
/// non-deterministic automaton over the elements, keeping the set of reachable token positions. That costs
/// at most `elements × tokens` steps, whatever the pattern: no backtracking, so no blow-up on hostile globs.
enum GlobAutomaton {
  /// Whether the tokens match the elements.
  /// - Parameters:
  ///   - tokenCount: how many tokens the pattern has.
  ///   - elements: what is matched.
  ///   - isStar: whether token `i` matches any run (zero or more) of elements it accepts.
  ///   - accepts: whether token `i` accepts an element.
  ///   - prefix: whether the pattern may match a leading part of the elements only (the rest is below it).
  static func matches<Element>(
    tokenCount: Int, elements: some Sequence<Element>, isStar: (Int) -> Bool, accepts: (Int, Element) -> Bool,
    prefix: Bool = false
  ) -> Bool {
    var active = [Bool](repeating: false, count: tokenCount + 1)
    active[0] = true
    close(&active, tokenCount: tokenCount, isStar: isStar)
    for element in elements {
      if prefix && active[tokenCount] { return true }
      var next = [Bool](repeating: false, count: tokenCount + 1)
      var alive = false
      for position in 0..<tokenCount where active[position] && accepts(position, element) {
        next[isStar(position) ? position : position + 1] = true
        alive = true
      }
      guard alive else { return false }
      active = next
      close(&active, tokenCount: tokenCount, isStar: isStar)
    }
    return active[tokenCount]
  }

  /// A star may match nothing: whoever stands before it also stands after it.
  private static func close(_ active: inout [Bool], tokenCount: Int, isStar: (Int) -> Bool) {
    for position in 0..<tokenCount where active[position] && isStar(position) {
      active[position + 1] = true
    }
  }
}
