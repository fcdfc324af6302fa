/// Writes unified diffs in the form `git apply` accepts: `diff --git` headers, hunks with three lines of
/// context (merged when they are close), and `\ No newline at end of file` markers.
///
/// Lines are matched with Myers' algorithm in its linear-space form (the "middle snake"), after removing
/// the common head and tail, so the work is O((N+M)·D) for D changed lines and memory stays linear.
public enum UnifiedDiff {
  /// Lines of context around every change.
  static let context = 3

  /// A unified diff from `old` to `new`.
  /// - Parameters:
  ///   - path: the file's path relative to the repository root, as it appears after `a/` and `b/`.
  ///   - old: the old bytes, or `nil` for a file that does not exist yet.
  ///   - new: the new bytes.
  ///   - redactingOld: rewrites the text of each removed and unchanged (context) line before it is shown, for
  ///     a file whose old text holds a secret; such a diff no longer applies with `git apply`. Added lines are
  ///     never rewritten.
  /// - Returns: the diff, or `""` when nothing changed.
  public static func make(
    path: String, old: [UInt8]?, new: [UInt8], redactingOld: ((String) -> String)? = nil
  ) -> String {
    if let old, old == new { return "" }
    let oldName = quoted("a/" + path)
    let newName = quoted("b/" + path)
    var out = "diff --git \(oldName) \(newName)\n"
    if old == nil {
      out += "new file mode 100644\n"
      if new.isEmpty { return out }
    }
    out += "--- " + (old == nil ? "/dev/null" : label(oldName)) + "\n"
    out += "+++ " + label(newName) + "\n"

    let oldLines = lines(of: old ?? [])
    let newLines = lines(of: new)
    // Lines are compared as numbers: equal lines share one.
    var ids: [ArraySlice<UInt8>: Int] = [:]
    let a = identified(oldLines, &ids)
    let b = identified(newLines, &ids)
    let operations = script(a: a, b: b)
    for hunk in hunks(operations) {
      out += render(hunk, operations: operations, oldLines: oldLines, newLines: newLines, redactingOld: redactingOld)
    }
    return out
  }

  // MARK: - Lines

  /// The lines of a text, each with its line break; the last may have none.
  static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var result: [ArraySlice<UInt8>] = []
    var start = 0
    for index in bytes.indices where bytes[index] == 0x0A {
      result.append(bytes[start...index])
      start = index + 1
    }
    if start < bytes.count { result.append(bytes[start...]) }
    return result
  }

  private static func identified(_ lines: [ArraySlice<UInt8>], _ ids: inout [ArraySlice<UInt8>: Int]) -> [Int] {
    lines.map { line in
      if let id = ids[line] { return id }
      ids[line] = ids.count
      return ids.count - 1
    }
  }

  // MARK: - Edit script

  /// One step of the edit script.
  enum Operation: Equatable {
    /// The old line at the first index equals the new line at the second.
    case equal(Int, Int)
    /// The old line is removed.
    case delete(Int)
    /// The new line is inserted.
    case insert(Int)
  }

  /// The edit script from `a` to `b`: deletions before insertions within each change.
  static func script(a: [Int], b: [Int]) -> [Operation] {
    var matcher = Matcher(a: a, b: b)
    matcher.match(0, a.count, 0, b.count)
    var operations: [Operation] = []
    var i = 0
    var j = 0
    for (x, y) in matcher.matches + [(a.count, b.count)] {
      while i < x {
        operations.append(.delete(i))
        i += 1
      }
      while j < y {
        operations.append(.insert(j))
        j += 1
      }
      if x < a.count, y < b.count {
        operations.append(.equal(x, y))
        i = x + 1
        j = y + 1
      }
    }
    return operations
  }

  /// Myers' linear-space longest common subsequence, as matched index pairs in order.
  private struct Matcher {
    let a: [Int]
    let b: [Int]
    var matches: [(Int, Int)] = []

    init(a: [Int], b: [Int]) {
      self.a = a
      self.b = b
    }

    mutating func match(_ aStart: Int, _ aEnd: Int, _ bStart: Int, _ bEnd: Int) {
      var aLow = aStart
      var bLow = bStart
      var aHigh = aEnd
      var bHigh = bEnd
      while aLow < aHigh, bLow < bHigh, a[aLow] == b[bLow] {
        matches.append((aLow, bLow))
        aLow += 1
        bLow += 1
      }
      var tail = 0
      while aLow < aHigh, bLow < bHigh, a[aHigh - 1] == b[bHigh - 1] {
        aHigh -= 1
        bHigh -= 1
        tail += 1
      }
      if aLow < aHigh, bLow < bHigh {
        let snake = middleSnake(aLow, aHigh, bLow, bHigh)
        match(aLow, aLow + snake.startX, bLow, bLow + snake.startY)
        for step in 0..<(snake.endX - snake.startX) {
          matches.append((aLow + snake.startX + step, bLow + snake.startY + step))
        }
        match(aLow + snake.endX, aHigh, bLow + snake.endY, bHigh)
      }
      for step in 0..<tail { matches.append((aHigh + step, bHigh + step)) }
    }

    /// The middle snake of the shortest edit script of `a[aLow..<aHigh]` to `b[bLow..<bHigh]`, in
    /// coordinates relative to the two starts. Both ranges are non-empty and differ at both ends.
    func middleSnake(_ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int)
      -> (startX: Int, startY: Int, endX: Int, endY: Int)
    {
      let n = aHigh - aLow
      let m = bHigh - bLow
      let delta = n - m
      let odd = delta & 1 != 0
      let maxD = (n + m + 1) / 2
      let offset = maxD + 1
      var forward = [Int](repeating: 0, count: 2 * maxD + 3)
      var backward = [Int](repeating: 0, count: 2 * maxD + 3)
      for d in 0...maxD {
        for k in stride(from: -d, through: d, by: 2) {
          var x =
            k == -d || (k != d && forward[offset + k - 1] < forward[offset + k + 1])
            ? forward[offset + k + 1] : forward[offset + k - 1] + 1
          var y = x - k
          let (startX, startY) = (x, y)
          while x < n, y < m, a[aLow + x] == b[bLow + y] {
            x += 1
            y += 1
          }
          forward[offset + k] = x
          let mirrored = delta - k
          if odd, mirrored >= -(d - 1), mirrored <= d - 1, x + backward[offset + mirrored] >= n {
            return (startX, startY, x, y)
          }
        }
        for k in stride(from: -d, through: d, by: 2) {
          var x =
            k == -d || (k != d && backward[offset + k - 1] < backward[offset + k + 1])
            ? backward[offset + k + 1] : backward[offset + k - 1] + 1
          var y = x - k
          let (startX, startY) = (x, y)
          while x < n, y < m, a[aHigh - 1 - x] == b[bHigh - 1 - y] {
            x += 1
            y += 1
          }
          backward[offset + k] = x
          let mirrored = delta - k
          if !odd, mirrored >= -d, mirrored <= d, forward[offset + mirrored] + x >= n {
            return (n - x, m - y, n - startX, m - startY)
          }
        }
      }
      // Unreachable: the paths meet by d = ceil((n + m) / 2).
      return (0, 0, 0, 0)
    }
  }

  // MARK: - Hunks

  /// The ranges of operations that form hunks: changes with their context, merged when close.
  static func hunks(_ operations: [Operation]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var index = 0
    while index < operations.count {
      guard case .equal = operations[index] else {
        var last = index
        var cursor = index + 1
        while cursor < operations.count {
          if case .equal = operations[cursor] {
            cursor += 1
            continue
          }
          guard cursor - last - 1 <= 2 * context else { break }
          last = cursor
          cursor += 1
        }
        result.append(max(0, index - context)..<min(operations.count, last + context + 1))
        index = last + 1
        continue
      }
      index += 1
    }
    return result
  }

  static func render(
    _ hunk: Range<Int>, operations: [Operation], oldLines: [ArraySlice<UInt8>], newLines: [ArraySlice<UInt8>],
    redactingOld: ((String) -> String)? = nil
  ) -> String {
    var oldBefore = 0
    var newBefore = 0
    for operation in operations[..<hunk.lowerBound] {
      switch operation {
      case .equal:
        oldBefore += 1
        newBefore += 1
      case .delete: oldBefore += 1
      case .insert: newBefore += 1
      }
    }
    var oldCount = 0
    var newCount = 0
    var body = ""
    for operation in operations[hunk] {
      switch operation {
      case .equal(let i, _):
        oldCount += 1
        newCount += 1
        body += line(" ", oldLines[i], redactingOld)
      case .delete(let i):
        oldCount += 1
        body += line("-", oldLines[i], redactingOld)
      case .insert(let j):
        newCount += 1
        body += line("+", newLines[j])
      }
    }
    return "@@ -\(range(oldBefore, oldCount)) +\(range(newBefore, newCount)) @@\n" + body
  }

  /// `start,count` as unified diffs write it: the count is left out when it is 1, and an empty range
  /// names the line before it.
  static func range(_ before: Int, _ count: Int) -> String {
    switch count {
    case 0: "\(before),0"
    case 1: "\(before + 1)"
    default: "\(before + 1),\(count)"
    }
  }

  static func line(_ prefix: String, _ bytes: ArraySlice<UInt8>, _ rewrite: ((String) -> String)? = nil) -> String {
    let hasBreak = bytes.last == 0x0A
    var text = String(decoding: hasBreak ? bytes.dropLast() : bytes, as: UTF8.self)
    if let rewrite { text = rewrite(text) }
    return prefix + text + (hasBreak ? "\n" : "\n\\ No newline at end of file\n")
  }

  // MARK: - Paths

  /// A path as git writes it in headers: in double quotes with C escapes when it holds a quote, a
  /// backslash, a control character or a non-ASCII byte.
  static func quoted(_ name: String) -> String {
    let bytes = Array(name.utf8)
    guard bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 >= 0x7F }) else { return name }
    var out = "\""
    for byte in bytes {
      switch byte {
      case 0x22: out += "\\\""
      case 0x5C: out += "\\\\"
      case 0x07: out += "\\a"
      case 0x08: out += "\\b"
      case 0x09: out += "\\t"
      case 0x0A: out += "\\n"
      case 0x0B: out += "\\v"
      case 0x0C: out += "\\f"
      case 0x0D: out += "\\r"
      case 0..<0x20, 0x7F...0xFF:
        let octal = String(byte, radix: 8)
        out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
      default: out.unicodeScalars.append(Unicode.Scalar(byte))
      }
    }
    return out + "\""
  }

  /// A `---`/`+++` label: git ends it with a tab when the name holds a space, so the name stays whole.
  static func label(_ name: String) -> String {
    name.contains(" ") ? name + "\t" : name
  }
}
