internal import CGit2

// MARK: - Making commits in the object database

extension GitRepository {
  /// The author git would use: `user.name` and `user.email` from the repository's configuration (local,
  /// global, XDG and system files), with the current time and time zone.
  ///
  /// - Throws: `GitError` of kind `identityNotConfigured` when either is unset or empty.
  public func defaultSignature() throws -> GitSignature {
    let attempted = "cannot determine the commit author for \(location)"
    var config: OpaquePointer?
    try GitError.check(
      git_repository_config_snapshot(&config, handle), "git_repository_config_snapshot",
      "\(attempted): cannot read the git configuration")
    defer { git_config_free(config) }
    var values: [String: String] = [:]
    for key in ["user.name", "user.email"] {
      var value: UnsafePointer<CChar>?
      let code = git_config_get_string(&value, config, key)
      if code == GIT_ENOTFOUND.rawValue { continue }
      try GitError.check(code, "git_config_get_string", "\(attempted): cannot read \(key)")
      if let value, !String(cString: value).trimmingWhitespace().isEmpty { values[key] = String(cString: value) }
    }
    let missing = ["user.name", "user.email"].filter { values[$0] == nil }
    guard missing.isEmpty, let name = values["user.name"], let email = values["user.email"] else {
      throw GitError(
        .identityNotConfigured, attempted: attempted,
        reason: "\(missing.joined(separator: " and ")) \(missing.count == 1 ? "is" : "are") not set in the git "
          + "configuration (set them with `git config user.name 'Name'` and `git config user.email 'email'`)")
    }
    var signature: UnsafeMutablePointer<git_signature>?
    try GitError.check(
      git_signature_now(&signature, name, email), "git_signature_now", kind: .invalidSignature, attempted)
    defer { git_signature_free(signature) }
    return GitSignature(signature!)
  }

  /// Creates one commit on top of `parent` without touching the working tree, the index, HEAD or any ref.
  ///
  /// The new tree is `parent`'s tree with `changes` applied, built directly in the object database. Existing
  /// files keep their mode (executable or not); new files are not executable. Folders left empty by deletions
  /// disappear, as in git. The message is cleaned up the way `git commit` does by default for whitespace
  /// (trailing spaces and blank lines dropped, one final newline). The same inputs always give the same id.
  ///
  /// - Parameters:
  ///   - changes: path (relative to the repository root) → new bytes; `nil` deletes the file. Mind Swift's
  ///     dictionaries: `changes[path] = nil` *removes* the entry; store a deletion with
  ///     `changes.updateValue(nil, forKey: path)` or `changes[path] = .some(nil)`.
  ///   - parent: the commit to build on.
  ///   - message: the commit message.
  ///   - author: who wrote the change.
  ///   - committer: who made the commit.
  /// - Returns: the new commit's id. Point a branch at it with `setBranch(_:to:force:reflogMessage:)`.
  /// - Throws: `GitError` when `parent` is not a commit, a path is invalid, names a directory, symbolic link or
  ///   submodule, a deleted file does not exist, two changes conflict, the message is empty, or a signature
  ///   is invalid.
  public func commit(
    changes: [String: [UInt8]?], parent: GitObjectID, message: String, author: GitSignature,
    committer: GitSignature
  ) throws -> GitObjectID {
    let attempted = "cannot create a commit on \(parent.short) in \(location)"
    let cleanMessage = try prettify(message, attempted: attempted)
    let authorSignature = try author.makeSignature(role: "author")
    defer { git_signature_free(authorSignature) }
    let committerSignature = try committer.makeSignature(role: "committer")
    defer { git_signature_free(committerSignature) }

    return try withCommit(parent) { parentCommit in
      var parentTree: OpaquePointer?
      try GitError.check(git_commit_tree(&parentTree, parentCommit), "git_commit_tree", attempted)
      defer { git_tree_free(parentTree) }
      let updates = try treeUpdates(changes, in: parentTree!, parent: parent, attempted: attempted)

      var treeOID = git_oid()
      try updates.withUpdates { pointer, count in
        try GitError.check(
          git_tree_create_updated(&treeOID, handle, parentTree, count, pointer), "git_tree_create_updated", attempted)
      }
      var tree: OpaquePointer?
      try GitError.check(git_tree_lookup(&tree, handle, &treeOID), "git_tree_lookup", attempted)
      defer { git_tree_free(tree) }

      var commitOID = git_oid()
      var parents: [OpaquePointer?] = [parentCommit]
      try GitError.check(
        git_commit_create(
          &commitOID, handle, nil, authorSignature, committerSignature, nil, cleanMessage, tree, 1, &parents),
        "git_commit_create", attempted)
      return GitObjectID(commitOID)
    }
  }
}

// MARK: - Helpers

extension GitRepository {
  /// The message as `git commit --cleanup=whitespace` stores it; comment lines are kept.
  private func prettify(_ message: String, attempted: String) throws -> String {
    var buffer = git_buf()
    defer { git_buf_dispose(&buffer) }
    try GitError.check(
      git_message_prettify(&buffer, message, 0, CChar(UInt8(ascii: "#"))), "git_message_prettify", attempted)
    let text = buffer.ptr.map { String(cString: $0) } ?? ""
    guard !text.isEmpty else {
      throw GitError(.emptyMessage, attempted: attempted, reason: "the commit message is empty")
    }
    return text
  }

  /// Checks every change against `tree` and stores the new blobs.
  private func treeUpdates(
    _ changes: [String: [UInt8]?], in tree: OpaquePointer, parent: GitObjectID, attempted: String
  ) throws -> GitTreeUpdates {
    // Normalised and sorted first, so that errors and blob writes happen in the same order on every run.
    var originals: [GitTreePath: String] = [:]
    for text in changes.keys {
      let path = try GitTreePath(text, allowRoot: false, attempted: "\(attempted): cannot change '\(text)'")
      if let other = originals.updateValue(text, forKey: path) {
        let pair = [other, text].sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        throw GitError(
          .conflictingChanges, attempted: attempted, reason: "'\(pair[0])' and '\(pair[1])' name the same file")
      }
    }
    let paths = originals.keys.sorted { $0.text.utf8.lexicographicallyPrecedes($1.text.utf8) }
    for path in paths {
      if let folder = path.ancestors.first(where: { originals[$0] != nil }) {
        throw GitError(
          .conflictingChanges, attempted: attempted,
          reason:
            "'\(originals[path] ?? path.text)' is inside '\(originals[folder] ?? folder.text)', which is also changed")
      }
    }

    var updates = GitTreeUpdates()
    for path in paths {
      let text = path.text
      for folder in path.ancestors {
        if let entry = try entry(at: folder, in: tree, commit: parent), !entry.isDirectory {
          throw GitError(
            .unsupportedEntry, attempted: attempted,
            reason: "cannot change '\(text)': '\(folder.text)' is \(entry.noun) at \(parent.short), not a directory")
        }
      }
      let existing = try entry(at: path, in: tree, commit: parent)
      guard let original = originals[path], let change = changes[original] else { continue }
      guard let bytes = change else {
        switch existing {
        case nil:
          throw GitError(
            .unsupportedEntry, attempted: attempted, reason: "cannot delete '\(text)': no such file at \(parent.short)")
        case .directory?:
          throw GitError(
            .unsupportedEntry, attempted: attempted, reason: "cannot delete '\(text)': it is a directory, not a file")
        default:
          updates.remove(text)
        }
        continue
      }
      let executable: Bool
      switch existing {
      case nil: executable = false
      case .file(_, let isExecutable)?: executable = isExecutable
      case let other?:
        throw GitError(
          .unsupportedEntry, attempted: attempted,
          reason: "cannot write '\(text)': it is \(other.noun) at \(parent.short), not a file")
      }
      updates.upsert(text, blob: try writeBlob(bytes, attempted: attempted), executable: executable)
    }
    return updates
  }

  /// Stores `bytes` as a blob.
  private func writeBlob(_ bytes: [UInt8], attempted: String) throws -> GitObjectID {
    var oid = git_oid()
    try bytes.withUnsafeBytes { buffer in
      try GitError.check(
        git_blob_create_from_buffer(&oid, handle, buffer.baseAddress, buffer.count), "git_blob_create_from_buffer",
        attempted)
    }
    return GitObjectID(oid)
  }
}
