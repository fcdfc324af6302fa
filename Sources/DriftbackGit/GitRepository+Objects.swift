internal import CGit2

// Short-lived libgit2 objects, each freed right after use.
extension GitRepository {
  /// Runs `body` with the commit `id`.
  ///
  /// - Throws: `GitError` of kind `revisionNotFound` when `id` is not a commit of this repository.
  func withCommit<T>(_ id: GitObjectID, _ body: (OpaquePointer) throws -> T) throws -> T {
    var oid = id.oid
    var commit: OpaquePointer?
    try GitError.check(
      git_commit_lookup(&commit, handle, &oid), "git_commit_lookup", kind: .revisionNotFound,
      "cannot find commit \(id) in \(location)")
    defer { git_commit_free(commit) }
    return try body(commit!)
  }

  /// Runs `body` with the root tree of the commit `id`.
  func withTree<T>(of id: GitObjectID, _ body: (OpaquePointer) throws -> T) throws -> T {
    try withCommit(id) { commit in
      var tree: OpaquePointer?
      try GitError.check(
        git_commit_tree(&tree, commit), "git_commit_tree", "cannot read the tree of commit \(id) in \(location)")
      defer { git_tree_free(tree) }
      return try body(tree!)
    }
  }

  /// Runs `body` with the tree `id`.
  func withTree<T>(_ id: GitObjectID, _ body: (OpaquePointer) throws -> T) throws -> T {
    var oid = id.oid
    var tree: OpaquePointer?
    try GitError.check(git_tree_lookup(&tree, handle, &oid), "git_tree_lookup", "cannot read tree \(id) in \(location)")
    defer { git_tree_free(tree) }
    return try body(tree!)
  }

  /// What `path` names in `tree`; `nil` when nothing (including when a folder on the way is a file).
  func entry(at path: GitTreePath, in tree: OpaquePointer, commit: GitObjectID) throws -> GitTreeEntry? {
    var entry: OpaquePointer?
    let code = git_tree_entry_bypath(&entry, tree, path.text)
    if code == GIT_ENOTFOUND.rawValue { return nil }
    try GitError.check(code, "git_tree_entry_bypath", "cannot look up '\(path.text)' at commit \(commit.short)")
    defer { git_tree_entry_free(entry) }
    guard let entry else { return nil }
    return GitTreeEntry(entry)
  }
}
