internal import CGit2

// MARK: - Reading commits and their trees

extension GitRepository {
  /// The bytes of a file as it is in a commit.
  ///
  /// - Parameters:
  ///   - path: relative to the repository root, `/`-separated (`iac/déploiement/web.yaml`).
  ///   - commit: the commit to read from.
  /// - Returns: the file's bytes, or `nil` when the commit has no file at `path`.
  /// - Throws: `GitError` when the commit does not exist, the path is invalid, or it names a directory,
  ///   symbolic link or submodule.
  public func readFile(_ path: String, at commit: GitObjectID) throws -> [UInt8]? {
    let attempted = "cannot read '\(path)' at commit \(commit.short) in \(location)"
    let treePath = try GitTreePath(path, allowRoot: false, attempted: attempted)
    return try withTree(of: commit) { tree in
      switch try entry(at: treePath, in: tree, commit: commit) {
      case nil:
        return nil
      case .file(let id, _):
        return try blobBytes(id, attempted: attempted)
      case let other?:
        throw GitError(.unsupportedEntry, attempted: attempted, reason: "it is \(other.noun), not a file")
      }
    }
  }

  /// The files under a folder in a commit, recursively.
  ///
  /// Only regular and executable files are listed; symbolic links and submodules are left out.
  ///
  /// - Parameters:
  ///   - directory: relative to the repository root; `""` lists the whole commit.
  ///   - commit: the commit to list.
  /// - Returns: paths relative to the repository root (not to `directory`), sorted by their UTF-8 bytes like
  ///   `git ls-files`; empty when the commit has no such folder.
  /// - Throws: `GitError` when the commit does not exist, the path is invalid, or it names something other
  ///   than a folder.
  public func files(under directory: String, at commit: GitObjectID) throws -> [String] {
    let attempted = "cannot list the files under '\(directory)' at commit \(commit.short) in \(location)"
    let folder = try GitTreePath(directory, allowRoot: true, attempted: attempted)
    var paths: [String] = []
    try withTree(of: commit) { root in
      if folder.isRoot {
        try collectFiles(in: root, prefix: "", into: &paths)
        return
      }
      switch try entry(at: folder, in: root, commit: commit) {
      case nil:
        return
      case .directory(let id):
        try withTree(id) { try collectFiles(in: $0, prefix: folder.text + "/", into: &paths) }
      case let other?:
        throw GitError(.unsupportedEntry, attempted: attempted, reason: "it is \(other.noun), not a directory")
      }
    }
    return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  /// The full message of a commit, exactly as stored (usually ending in a newline).
  ///
  /// - Throws: `GitError` of kind `revisionNotFound` when `commit` is not a commit of this repository.
  public func commitMessage(_ commit: GitObjectID) throws -> String {
    try withCommit(commit) { String(cString: git_commit_message($0)) }
  }

  /// The parents of a commit, in order (the first parent first); empty for a root commit.
  ///
  /// - Throws: `GitError` of kind `revisionNotFound` when `commit` is not a commit of this repository.
  public func parents(of commit: GitObjectID) throws -> [GitObjectID] {
    try withCommit(commit) { handle in
      (0..<git_commit_parentcount(handle)).map { GitObjectID(git_commit_parent_id(handle, $0)) }
    }
  }
}

// MARK: - Helpers

extension GitRepository {
  /// The bytes of the blob `id`.
  func blobBytes(_ id: GitObjectID, attempted: String) throws -> [UInt8] {
    var oid = id.oid
    var blob: OpaquePointer?
    try GitError.check(git_blob_lookup(&blob, handle, &oid), "git_blob_lookup", attempted)
    defer { git_blob_free(blob) }
    let size = Int(git_blob_rawsize(blob))
    guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
    return Array(UnsafeRawBufferPointer(start: content, count: size))
  }

  private func collectFiles(in tree: OpaquePointer, prefix: String, into paths: inout [String]) throws {
    for index in 0..<git_tree_entrycount(tree) {
      guard let entry = git_tree_entry_byindex(tree, index) else { continue }  // owned by `tree`: not freed
      let path = prefix + String(cString: git_tree_entry_name(entry))
      switch GitTreeEntry(entry) {
      case .file: paths.append(path)
      case .directory(let id): try withTree(id) { try collectFiles(in: $0, prefix: path + "/", into: &paths) }
      case .symbolicLink, .submodule: continue
      }
    }
  }
}
