/// A path inside a commit's tree, relative to the repository root, checked and normalised
/// (`./a//b/` becomes `a/b`).
///
/// Equal when the UTF-8 bytes are equal, as git compares paths; `String`'s own equality would also match
/// `é` with `e` + combining accent, which git stores as two different files.
struct GitTreePath: Hashable, Sendable {
  /// The components, none empty, `.`, `..` or `.git`.
  let components: [String]

  /// The path as git stores it: components joined by `/`; empty for the root.
  var text: String { components.joined(separator: "/") }

  /// Whether this is the repository root.
  var isRoot: Bool { components.isEmpty }

  /// The folders that contain this path, outermost first (`a/b/c` gives `a` and `a/b`).
  var ancestors: [GitTreePath] {
    components.indices.dropFirst().map { GitTreePath(components: Array(components[..<$0])) }
  }

  static func == (lhs: GitTreePath, rhs: GitTreePath) -> Bool {
    lhs.text.utf8.elementsEqual(rhs.text.utf8)
  }

  func hash(into hasher: inout Hasher) {
    for byte in text.utf8 { hasher.combine(byte) }
  }

  private init(components: [String]) {
    self.components = components
  }

  /// Checks and normalises `text`.
  ///
  /// - Parameters:
  ///   - text: a `/`-separated path relative to the repository root.
  ///   - allowRoot: whether the empty path (the root folder) is acceptable.
  ///   - attempted: what the caller was doing, for the error.
  /// - Throws: `GitError` of kind `invalidPath`.
  init(_ text: String, allowRoot: Bool, attempted: @autoclosure () -> String) throws {
    func invalid(_ reason: String) -> GitError {
      GitError(.invalidPath, attempted: attempted(), reason: reason)
    }
    if text.hasPrefix("/") { throw invalid("'\(text)' is absolute; paths are relative to the repository root") }
    if text.utf8.contains(0) { throw invalid("the path contains a NUL byte") }
    var components: [String] = []
    for component in text.split(separator: "/", omittingEmptySubsequences: true) where component != "." {
      if component == ".." { throw invalid("'\(text)' leaves the repository root") }
      // git refuses `.git` in any letter case anywhere in a tree (fsck's hasDotgit).
      if component.lowercased() == ".git" { throw invalid("'\(text)' names a '.git' folder") }
      components.append(String(component))
    }
    if components.isEmpty && !allowRoot { throw invalid("the path is empty") }
    self.components = components
  }
}
