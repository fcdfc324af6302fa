internal import CGit2

/// The edits `git_tree_create_updated` applies to a tree, kept as Swift values until the call.
struct GitTreeUpdates {
  private struct Update {
    var path: String
    var action: git_tree_update_t
    var id: git_oid
    var mode: git_filemode_t
  }

  private var updates: [Update] = []

  /// Writes the blob `blob` at `path`, creating folders on the way.
  mutating func upsert(_ path: String, blob: GitObjectID, executable: Bool) {
    updates.append(
      Update(
        path: path, action: GIT_TREE_UPDATE_UPSERT, id: blob.oid,
        mode: executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB))
  }

  /// Removes the entry at `path`.
  mutating func remove(_ path: String) {
    updates.append(Update(path: path, action: GIT_TREE_UPDATE_REMOVE, id: git_oid(), mode: GIT_FILEMODE_BLOB))
  }

  /// Runs `body` with the edits laid out as libgit2 expects; the paths live until `body` returns.
  func withUpdates<T>(_ body: (UnsafePointer<git_tree_update>?, Int) throws -> T) rethrows -> T {
    let paths = updates.map { update -> UnsafeMutablePointer<CChar> in
      let utf8 = Array(update.path.utf8CString)
      let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
      copy.initialize(from: utf8, count: utf8.count)
      return copy
    }
    defer {
      for path in paths { path.deallocate() }
    }
    let raw = zip(updates, paths).map { update, path in
      git_tree_update(action: update.action, id: update.id, filemode: update.mode, path: path)
    }
    return try raw.withUnsafeBufferPointer { try body($0.baseAddress, $0.count) }
  }
}
